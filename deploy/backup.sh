#!/usr/bin/env bash
# Dumps the Tomte database (custom format, restorable with deploy/restore.sh or pg_restore) and rotates old dumps:
# dumps older than TOMTE_BACKUP_KEEP_DAYS (14) are deleted, but never the newest TOMTE_BACKUP_KEEP_MIN (3), so a
# stretch of failed nights never leaves no backup. A dump that pg_restore cannot list is not kept and fails the run.
set -euo pipefail
target=${TOMTE_BACKUP_DIR:-/var/backups/tomte}
keep_days=${TOMTE_BACKUP_KEEP_DAYS:-14}
keep_min=${TOMTE_BACKUP_KEEP_MIN:-3}
database=${TOMTE_DATABASE:-tomte}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$target/$database-$stamp.dump"
trap 'rm -f "$file.partial"' EXIT
pg_dump --format=custom --compress=6 --file="$file.partial" "$database"
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
# Newest first; everything after the first keep_min that is older than keep_days goes.
find "$target" -maxdepth 1 -name "$database-*.dump" -printf '%T@ %p\n' | sort -rn | tail -n +"$((keep_min + 1))" | cut -d' ' -f2- |
  while read -r old; do
    if [ -n "$(find "$old" -mtime +"$keep_days")" ]; then
      rm -f -- "$old"
      echo "backup removed: $old (older than $keep_days days)"
    fi
  done
echo "backup written: $file ($(du -h "$file" | cut -f1))"
