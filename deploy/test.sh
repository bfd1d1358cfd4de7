#!/usr/bin/env bash
# Sets up what the tests need (PostGIS from Debian, a throwaway cluster) and runs the whole test suite.
# Benchmarks are left out by Tomte.Tests/tests.runsettings (every plain `dotnet test` uses it); the README's
# "Benchmarks" section has one command per benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
# The outreach tests talk to a real SMTP server (Debian's python3-aiosmtpd) and a real IMAP server (dovecot-imapd),
# both started by the tests themselves on loopback with their own configuration; no system service is used.
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || [ ! -x /usr/sbin/dovecot ]; then
  echo "test.sh: apt-get install python3-aiosmtpd dovecot-imapd" >&2
  if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-aiosmtpd dovecot-imapd >&2 \
    || { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
         && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-aiosmtpd dovecot-imapd >&2; }
fi
# A test that hangs fails the run after 8 minutes and names itself, rather than holding CI to its time limit.
blame=(--blame-hang-timeout 8m --blame-hang-dump-type none)
if [ "$#" -gt 0 ]; then
  exec deploy/with-postgis.sh dotnet test Tomte.sln "${blame[@]}" "$@"
fi
# The IMAP reply test runs in a test process of its own: in the same process after the other outreach tests it hangs
# (passes alone in ~15 s; root cause not found yet, see docs/DESIGN.md, outreach). Both runs must pass.
exec deploy/with-postgis.sh bash -c '
  dotnet test Tomte.sln "$@" --filter "Category!=Benchmark&Category!=Soak&FullyQualifiedName!~Tomte.Tests.Outreach.ReplyReaderTests" \
    && dotnet test Tomte.sln --no-build "$@" --filter "FullyQualifiedName~Tomte.Tests.Outreach.ReplyReaderTests"' _ "${blame[@]}"
