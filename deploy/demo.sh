#!/usr/bin/env bash
# Sets up what the demo needs (PostGIS from Debian, a throwaway cluster) and runs `tomte demo`
# on the bundled synthetic sample data. Results land in ./out/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export Tomte__Output__Directory="${Tomte__Output__Directory:-$PWD/out}"
exec deploy/with-postgis.sh dotnet run --project Tomte.Worker -c Release -- demo "$@"
