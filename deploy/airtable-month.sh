#!/usr/bin/env bash
# The month of Airtable calls measured (issue 13): `tomte run` on the bundled sample data with the default schedules of
# the Airtable jobs against the Airtable fake for TOMTE_MEASURE_MINUTES (default 15) of real time; each job's calls per
# run (ops.job_run.airtable_calls, checked against ops.airtable_call) times its runs in a month by Quartz's cron
# arithmetic. Writes out/airtable-month/rapport.md (also printed).
#   deploy/airtable-month.sh
#   TOMTE_MEASURE_MINUTES=30 deploy/airtable-month.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Tomte.sln -v q -nologo
export TOMTE_MEASURE_REPORT="${TOMTE_MEASURE_REPORT:-$PWD/out/airtable-month/rapport.md}"
mkdir -p "$(dirname "$TOMTE_MEASURE_REPORT")"
deploy/with-postgis.sh dotnet test Tomte.Tests --no-build --settings Tomte.Tests/benchmarks.runsettings \
  --filter FullyQualifiedName~AirtableMonthMeasurement --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=7200000
cat "$TOMTE_MEASURE_REPORT"
