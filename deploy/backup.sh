#!/usr/bin/env bash
# Dumps the Tomte database (custom format, restorable with pg_restore) and keeps the last N days.
set -euo pipefail
target=${TOMTE_BACKUP_DIR:-/var/backups/tomte}
keep_days=${TOMTE_BACKUP_KEEP_DAYS:-14}
database=${TOMTE_DATABASE:-tomte}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$target/$database-$stamp.dump"
pg_dump --format=custom --compress=6 --file="$file.partial" "$database"
mv "$file.partial" "$file"
find "$target" -maxdepth 1 -name "$database-*.dump" -mtime +"$keep_days" -delete
echo "backup written: $file ($(du -h "$file" | cut -f1))"
