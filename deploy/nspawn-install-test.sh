#!/usr/bin/env bash
# End-to-end test of deploy/install.sh on a clean Debian 12 booted with systemd, for machines without Docker or a VM:
# debootstrap a bookworm root, boot it with `systemd-nspawn -b` (systemd as PID 1 inside), and run the install, an
# upgrade in place, the backup timer's service, a restore and the unit's security check inside it through nsenter.
#
#   sudo deploy/nspawn-install-test.sh [WORKDIR]     # WORKDIR default /var/tmp/tomte-nspawn; needs debootstrap,
#                                                    # systemd-container and the .NET 10 SDK on this machine
#
# The container shares the host's network (apt and the Debian mirror) and must not find a PostgreSQL listening on
# 5432 or anything on 9464 of the host. Output of each step goes to WORKDIR/steps.log; the script exits non-zero at
# the first failed step and powers the container off either way.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${1:-/var/tmp/tomte-nspawn}
root=$work/root
log() { printf 'nspawn-test: %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "nspawn-test: run as root" >&2; exit 1; }
command -v debootstrap >/dev/null && command -v systemd-nspawn >/dev/null \
  || { echo "nspawn-test: apt-get install debootstrap systemd-container first" >&2; exit 1; }
mkdir -p "$work"

if [ ! -x "$root/usr/bin/systemctl" ]; then
  log "debootstrap bookworm into $root"
  debootstrap --include=systemd,systemd-sysv,dbus,ca-certificates,curl bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
echo tomte-deb12 >"$root/etc/hostname"

log "publishing linux-x64 (self-contained)"
dotnet publish "$repo/Tomte.Worker/Tomte.Worker.csproj" -c Release -r linux-x64 --self-contained true -o "$work/publish" >"$work/publish.log"
rm -rf "$root/root/src" "$root/root/publish" && mkdir -p "$root/root/src"
git -C "$repo" archive HEAD | tar -x -C "$root/root/src"
cp -a "$work/publish" "$root/root/publish"
# An older build in WORKDIR/publish-first, when present, is installed first so the upgrade replaces real binaries.
if [ -d "$work/publish-first" ]; then
  mv "$root/root/publish" "$root/root/publish-upgrade" && cp -a "$work/publish-first" "$root/root/publish"
fi
cp "$repo/deploy/nspawn-inside.sh" "$root/root/inside.sh"

log "booting the container (systemd-nspawn -b)"
systemd-nspawn -D "$root" --register=no --keep-unit -b >"$work/boot.log" 2>&1 &
nspawn=$!
stop() { kill -TERM "$nspawn" 2>/dev/null || true; wait "$nspawn" 2>/dev/null || true; }
trap stop EXIT
init=""
for _ in $(seq 1 60); do
  init=$(pgrep -P "$nspawn" | head -n 1 || true)
  if [ -n "$init" ] && nsenter -t "$init" -a systemctl is-system-running --wait >/dev/null 2>&1; then break; fi
  sleep 1
done
[ -n "$init" ] || { echo "nspawn-test: the container did not boot; see $work/boot.log" >&2; exit 1; }
log "systemd in the container: $(nsenter -t "$init" -a systemctl is-system-running)"
nsenter -t "$init" -a /bin/bash /root/inside.sh 2>&1 | tee "$work/steps.log"
