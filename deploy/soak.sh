#!/usr/bin/env bash
# The reliability soak of issue 13: `tomte run` (two processes, one cluster) on the bundled sample data for
# TOMTE_SOAK_MINUTES (default 20) with short crons against the Airtable fake (10 % injected 5xx, a 429 storm every
# 3 minutes, 50 ms latency), each process killed (SIGTERM or SIGKILL, alternately) and restarted every minute, the
# team editing Airtable and the database changing meanwhile. At the end it checks that Airtable and the database agree
# and writes the report to out/soak/rapport.md (also printed).
#   deploy/soak.sh              # 20 minutes
#   TOMTE_SOAK_MINUTES=3 deploy/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Tomte.sln -v q -nologo
export TOMTE_SOAK_REPORT="${TOMTE_SOAK_REPORT:-$PWD/out/soak/rapport.md}"
mkdir -p "$(dirname "$TOMTE_SOAK_REPORT")"
deploy/with-postgis.sh dotnet test Tomte.Tests --no-build --settings Tomte.Tests/soak.runsettings \
  --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=7200000
cat "$TOMTE_SOAK_REPORT"
