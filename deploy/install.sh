#!/usr/bin/env bash
# Installs or upgrades Tomte on a Debian/Ubuntu VPS. Run as root from a checkout of this repository:
#
#   sudo deploy/install.sh                 # publish from source (needs the .NET 10 SDK here)
#   sudo deploy/install.sh --published DIR # use a folder made by `dotnet publish` elsewhere
#
# What it does, idempotently: installs PostgreSQL + PostGIS from Debian, creates the system user and the
# database role "tomte" (peer authentication over the local socket: no database password), creates the
# database with the postgis extension, installs the binaries in /opt/tomte, the config in /etc/tomte
# (kept if present), the systemd unit and the nightly backup timer, migrates, runs `tomte doctor`, and
# enables the service. Secrets go in /etc/tomte/secrets.env (0600), never in appsettings.json.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
published=""
while [ $# -gt 0 ]; do
  case "$1" in
    --published) published=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf 'install: %s\n' "$*"; }
# Work from / so commands run as postgres or tomte never start in a folder they cannot enter (e.g. /root).
cd /
[ "$(id -u)" -eq 0 ] || { echo "install: run as root (sudo deploy/install.sh)" >&2; exit 1; }

log "installing PostgreSQL and PostGIS"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
major=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
apt-get install -y -qq --no-install-recommends "postgresql-$major-postgis-3" >/dev/null
# The letters: WeasyPrint (HTML to PDF, fonts embedded) and qpdf (the daily print batch).
apt-get install -y -qq --no-install-recommends weasyprint qpdf fonts-dejavu-core >/dev/null
systemctl enable --now postgresql >/dev/null

log "system user and folders"
id tomte >/dev/null 2>&1 || useradd --system --home-dir /var/lib/tomte --shell /usr/sbin/nologin tomte
install -d -o tomte -g tomte -m 0750 /var/lib/tomte /var/lib/tomte/out
install -d -o root -g tomte -m 0750 /etc/tomte
install -d -o postgres -g postgres -m 0750 /var/backups/tomte

log "database role and database"
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtc "SELECT 1 FROM pg_roles WHERE rolname = 'tomte'" | grep -q 1 \
  || runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "CREATE ROLE tomte LOGIN"
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtc "SELECT 1 FROM pg_database WHERE datname = 'tomte'" | grep -q 1 \
  || runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "CREATE DATABASE tomte OWNER tomte"
# CREATE EXTENSION needs a superuser; the worker's migrations then find it present.
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -d tomte -qc "CREATE EXTENSION IF NOT EXISTS postgis"

log "binaries in /opt/tomte"
if [ -z "$published" ]; then
  command -v dotnet >/dev/null || { echo "install: no dotnet SDK here; publish elsewhere and pass --published DIR" >&2; exit 1; }
  published=$(mktemp -d)
  dotnet publish "$repo/Tomte.Worker/Tomte.Worker.csproj" -c Release -r linux-x64 --self-contained true -o "$published" >/dev/null
fi
[ -x "$published/tomte" ] || { echo "install: $published/tomte is missing" >&2; exit 1; }
rm -rf /opt/tomte.new && cp -a "$published" /opt/tomte.new
install -m 0755 "$repo/deploy/backup.sh" /opt/tomte.new/backup.sh
install -m 0755 "$repo/deploy/restore.sh" /opt/tomte.new/restore.sh
install -m 0644 "$repo/deploy/OPS.md" /opt/tomte.new/OPS.md
rm -rf /opt/tomte.old && { [ -d /opt/tomte ] && mv /opt/tomte /opt/tomte.old || true; } && mv /opt/tomte.new /opt/tomte

log "configuration in /etc/tomte (existing files are kept)"
if [ ! -f /etc/tomte/appsettings.json ]; then
  install -o root -g tomte -m 0640 "$repo/appsettings.sample.json" /etc/tomte/appsettings.json
  sed -i 's#"ConnectionString": "[^"]*"#"ConnectionString": "Host=/var/run/postgresql;Database=tomte;Username=tomte"#' /etc/tomte/appsettings.json
  # Metrics for a Prometheus or agent on this machine (loopback only).
  sed -i 's#"PrometheusPort": 0#"PrometheusPort": 9464#' /etc/tomte/appsettings.json
fi
if [ ! -f /etc/tomte/secrets.env ]; then
  install -o root -g root -m 0600 /dev/null /etc/tomte/secrets.env
  cat >/etc/tomte/secrets.env <<'SECRETS'
# Tomte secrets, one Tomte__Section__Key=value per line (mode 0600, read by systemd only).
# Tomte__Airtable__Token=
# Tomte__Smtp__Password=
# Tomte__Sources__Nap__Password=
SECRETS
fi

log "systemd units"
install -m 0644 "$repo/deploy/tomte.service" /etc/systemd/system/tomte.service
install -m 0644 "$repo/deploy/tomte-backup.service" /etc/systemd/system/tomte-backup.service
install -m 0644 "$repo/deploy/tomte-backup.timer" /etc/systemd/system/tomte-backup.timer
systemctl daemon-reload

log "migrating and checking"
run_as_tomte() { runuser -u tomte -- env Tomte__Output__Directory=/var/lib/tomte/out "$@"; }
set -a; . /etc/tomte/secrets.env; set +a
(cd /var/lib/tomte && run_as_tomte /opt/tomte/tomte migrate)
(cd /var/lib/tomte && run_as_tomte /opt/tomte/tomte doctor) || log "doctor found problems: fix them in /etc/tomte and run 'sudo -u tomte /opt/tomte/tomte doctor'"

systemctl enable --now tomte-backup.timer >/dev/null
systemctl enable tomte.service >/dev/null
systemctl restart tomte.service
log "done: systemctl status tomte; journalctl -u tomte -f"
