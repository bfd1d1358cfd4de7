#!/usr/bin/env bash
# Runs a command against a PostGIS database.
#
#   deploy/with-postgis.sh COMMAND [ARGS...]
#
# Installs Debian's gdal-bin (ogrinfo, which tests read exports back with) and the letters' weasyprint,
# poppler-utils and qpdf when missing.
# If Tomte__Database__ConnectionString is set, that database is used as it is.
# Otherwise this installs PostgreSQL + PostGIS from Debian when missing, starts a
# throwaway cluster on 127.0.0.1 at a free port under .pg/ in the project, creates
# the database "tomte" with the postgis extension, exports the connection string,
# runs the command, and removes the cluster on exit, failure and Ctrl-C.
set -euo pipefail

project_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf 'with-postgis: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -gt 0 ] || die "usage: deploy/with-postgis.sh COMMAND [ARGS...]"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "installing packages needs root or sudo: run 'apt-get install postgresql postgresql-<major>-postgis-3' as root first"
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

newest_server_major() {
  local bin best=""
  for bin in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$bin" ] || continue
    local major; major=$(basename "$(dirname "$(dirname "$bin")")")
    if [ -z "$best" ] || [ "$major" -gt "$best" ]; then best=$major; fi
  done
  printf '%s' "$best"
}

# GDAL's ogrinfo/ogr2ogr: the export tests read the written GeoPackages back with it, the import benchmark compares with it.
if ! command -v ogrinfo >/dev/null 2>&1; then
  apt_install gdal-bin
fi

# WeasyPrint renders the letters' PDFs; poppler-utils (pdftotext, pdffonts, pdftoppm) is what the tests read them with;
# qpdf merges the day's print batch.
if ! /usr/bin/python3 -c 'import weasyprint' >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
  apt_install weasyprint poppler-utils qpdf fonts-dejavu-core
fi

if [ -n "${Tomte__Database__ConnectionString:-}" ]; then
  log "using the database in Tomte__Database__ConnectionString"
  exec "$@"
fi

major=$(newest_server_major)
if [ -z "$major" ]; then
  apt_install postgresql
  major=$(newest_server_major)
  [ -n "$major" ] || die "PostgreSQL was installed but no initdb was found under /usr/lib/postgresql"
fi
bindir=/usr/lib/postgresql/$major/bin
if ! ls /usr/share/postgresql/"$major"/extension/postgis.control >/dev/null 2>&1; then
  apt_install "postgresql-$major-postgis-3"
  ls /usr/share/postgresql/"$major"/extension/postgis.control >/dev/null 2>&1 \
    || die "postgresql-$major-postgis-3 was installed but postgis.control is missing"
fi

# initdb refuses to run as root, so root runs the cluster as the 'postgres' user that the Debian package creates.
run_pg() { "$@"; }
pg_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (it comes with the postgresql package)"
  pg_user=postgres
  run_pg() { runuser -u postgres -- "$@"; }
fi

mkdir -p "$project_dir/.pg"
cluster_dir=$(mktemp -d "$project_dir/.pg/cluster.XXXXXX")
if [ "$pg_user" = postgres ]; then
  chown postgres "$cluster_dir"
  if ! runuser -u postgres -- test -w "$cluster_dir"; then
    # The project folder is not reachable for 'postgres' (e.g. under /root): use a private temp folder instead.
    rmdir "$cluster_dir"
    cluster_dir=$(mktemp -d /tmp/tomte-pg.XXXXXX)
    chown postgres "$cluster_dir"
  fi
fi
data_dir=$cluster_dir/data
pg_log=$cluster_dir/postgres.log

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$data_dir/postmaster.pid" ]; then
    run_pg "$bindir/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster_dir"
  log "cluster stopped and removed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log "initdb (PostgreSQL $major) in $data_dir"
run_pg "$bindir/initdb" -D "$data_dir" -U tomte --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$cluster_dir/initdb.log" 2>&1 \
  || { cat "$cluster_dir/initdb.log" >&2; die "initdb failed"; }

started=0
for attempt in $(seq 1 20); do
  port=$(( 20000 + (RANDOM % 20000) ))
  port_is_free "$port" || continue
  if run_pg "$bindir/pg_ctl" -D "$data_dir" -l "$pg_log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  log "port $port did not work (attempt $attempt), trying another"
done
[ "$started" -eq 1 ] || { tail -n 20 "$pg_log" >&2 || true; die "could not start PostgreSQL"; }

"$bindir/psql" -h 127.0.0.1 -p "$port" -U tomte -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE tomte" >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U tomte -d tomte -v ON_ERROR_STOP=1 -qc "CREATE EXTENSION postgis" >/dev/null
postgis=$("$bindir/psql" -h 127.0.0.1 -p "$port" -U tomte -d tomte -Atqc "SELECT postgis_lib_version()")
log "PostgreSQL $major with PostGIS $postgis on 127.0.0.1:$port (database tomte)"

export Tomte__Database__ConnectionString="Host=127.0.0.1;Port=$port;Database=tomte;Username=tomte"
set +e
"$@"
status=$?
set -e
exit "$status"
