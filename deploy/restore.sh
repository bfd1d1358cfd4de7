#!/usr/bin/env bash
# Restores a Tomte backup (a custom-format dump written by backup.sh) into a fresh database, then checks it with
# `tomte doctor`.
#
#   sudo deploy/restore.sh /var/backups/tomte/tomte-20261130T021500Z.dump                 # into tomte_restore (scratch)
#   sudo deploy/restore.sh --replace /var/backups/tomte/tomte-20261130T021500Z.dump       # replace the live database
#
# --database NAME   the database to create (default tomte_restore; with --replace: tomte). It must not exist.
# --replace         stops tomte.service, renames the live database to tomte_before_restore_<UTC time> (kept, not
#                   dropped), restores into a fresh "tomte", runs doctor and starts the service again.
# --owner ROLE      the role that owns the restored database (default tomte).
#
# The restore is one transaction (--single-transaction --exit-on-error): it either completes or leaves an empty
# database that this script drops again. As root it works as the postgres user over the local socket; otherwise the
# libpq environment (PGHOST, PGPORT, PGUSER) names the server and a superuser. TOMTE_BIN names the tomte command for
# the check (default /opt/tomte/tomte; run as user tomte when root); Tomte__Database__ConnectionString, when set, is
# used with its Database= replaced by the restored one.
set -euo pipefail

database=""
owner=tomte
replace=0
dump=""
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database=$2; shift 2 ;;
    --owner) owner=$2; shift 2 ;;
    --replace) replace=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "restore: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$dump" ] || { echo "restore: one dump file only (got $dump and $1)" >&2; exit 2; }; dump=$1; shift ;;
  esac
done
dump=$(realpath -e "$dump" 2>/dev/null || printf '%s' "$dump")
# Work from / so commands run as postgres or tomte never start in a folder they cannot enter (e.g. /root).
cd /
log() { printf 'restore: %s\n' "$*"; }
die() { printf 'restore: %s\n' "$*" >&2; exit 1; }

[ -n "$dump" ] || die "name the dump file: deploy/restore.sh [--replace] FILE.dump"
[ -r "$dump" ] || die "cannot read the dump file $dump"
if [ -z "$database" ]; then
  if [ "$replace" -eq 1 ]; then database=tomte; else database=tomte_restore; fi
fi
[[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || die "--database '$database' is not a plain lower-case database name"

# As root on the server itself (no PGHOST): the postgres superuser over the local socket (peer authentication), and
# tomte runs as its own user; otherwise everything runs as the caller against the server PGHOST names.
local_install=0
if [ "$(id -u)" -eq 0 ] && [ -z "${PGHOST:-}" ]; then local_install=1; fi
as_pg() {
  if [ "$local_install" -eq 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
psql_admin() { as_pg psql -X -v ON_ERROR_STOP=1 -qAt -d postgres "$@"; }

as_pg pg_restore --list "$dump" >/dev/null 2>&1 || die "$dump is not a pg_dump custom-format archive (pg_restore --list failed)"

has_systemd_unit() { command -v systemctl >/dev/null 2>&1 && systemctl cat tomte.service >/dev/null 2>&1; }
if [ "$replace" -eq 1 ]; then
  if has_systemd_unit; then
    log "stopping tomte.service"
    systemctl stop tomte.service
  fi
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" = 1 ]; then
    kept="${database}_before_restore_$(date -u +%Y%m%dT%H%M%SZ)"
    log "keeping the current database as $kept"
    psql_admin -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid()" >/dev/null
    psql_admin -c "ALTER DATABASE \"$database\" RENAME TO \"$kept\""
  fi
fi
[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ] \
  || die "database $database already exists; restore into a fresh one (--database NAME) or use --replace"

log "creating database $database (owner $owner) with PostGIS"
psql_admin -c "CREATE DATABASE \"$database\" OWNER \"$owner\""
restored=0
cleanup() { if [ "$restored" -eq 0 ]; then psql_admin -c "DROP DATABASE IF EXISTS \"$database\"" >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT
# CREATE EXTENSION needs a superuser; the dump's own CREATE EXTENSION IF NOT EXISTS then finds it present.
as_pg psql -X -v ON_ERROR_STOP=1 -q -d "$database" -c "CREATE EXTENSION IF NOT EXISTS postgis"

log "restoring $dump"
as_pg pg_restore --dbname="$database" --single-transaction --exit-on-error "$dump"
restored=1
tables=$(as_pg psql -X -qAt -d "$database" -c "SELECT count(*) FROM pg_tables WHERE schemaname IN ('ingest', 'plan', 'ref', 'analysis', 'owners', 'airtable', 'outreach', 'ops')")
migrations=$(as_pg psql -X -qAt -d "$database" -c "SELECT count(*) FROM public.schema_migrations" 2>/dev/null || echo 0)
log "restored $tables Tomte tables, $migrations migrations recorded"

tomte_bin=${TOMTE_BIN:-/opt/tomte/tomte}
connection=${Tomte__Database__ConnectionString:-Host=/var/run/postgresql;Database=tomte;Username=tomte}
connection=$(printf '%s' "$connection" | sed -E "s/(^|;)Database=[^;]*/\1Database=$database/")
run_tomte() {
  if [ "$local_install" -eq 1 ] && id tomte >/dev/null 2>&1; then
    (cd /var/lib/tomte 2>/dev/null || cd /; runuser -u tomte -- env "Tomte__Database__ConnectionString=$connection" $tomte_bin "$@")
  else
    env "Tomte__Database__ConnectionString=$connection" $tomte_bin "$@"
  fi
}
if [ -n "$tomte_bin" ] && command -v ${tomte_bin%% *} >/dev/null 2>&1; then
  log "checking: tomte doctor on $database"
  run_tomte doctor || die "tomte doctor found problems in the restored database $database (see above)"
else
  log "no tomte at $tomte_bin: run 'tomte doctor' against $database yourself"
fi

if [ "$replace" -eq 1 ] && has_systemd_unit; then
  log "starting tomte.service"
  systemctl start tomte.service
fi
log "done: $database restored from $(basename "$dump")"
