#!/usr/bin/env bash
# Sets up what the tests need (PostGIS from Debian, a throwaway cluster) and runs the whole test suite.
# Benchmarks are excluded; run them with: deploy/with-postgis.sh dotnet test --filter Category=Benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
exec deploy/with-postgis.sh dotnet test Tomte.sln --filter "Category!=Benchmark" "$@"
