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
exec deploy/with-postgis.sh dotnet test Tomte.sln "${blame[@]}" "$@"
