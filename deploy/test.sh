#!/usr/bin/env bash
# Sets up what the tests need (PostGIS from Debian, a throwaway cluster) and runs the whole test suite.
# Benchmarks are left out by Tomte.Tests/tests.runsettings (every plain `dotnet test` uses it); the README's
# "Benchmarks" section has one command per benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
exec deploy/with-postgis.sh dotnet test Tomte.sln "$@"
