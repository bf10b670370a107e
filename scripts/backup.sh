#!/usr/bin/env bash
# A full backup of the database (SPEC-BAK-1): pg_dump's custom format, compressed, with a
# sha256 file beside it; backups older than BACKUP_RETENTION_DAYS are deleted. Run it daily
# (the backup CronJob, or cron); RPO 1 h is met with WAL archiving, not here (docs/operations.md).
#
#   DATABASE_URL=postgres://... BACKUP_DIR=/backups scripts/backup.sh
#
# Writes <BACKUP_DIR>/process-todo-<UTC time>.dump and .dump.sha256 and prints the dump's
# path. The dump is one consistent snapshot, taken while the app keeps serving. The audit
# archive (ARCHIVE_DIR, gzip NDJSON with manifests) is files: back it up with the volume it
# lives on, or set BACKUP_ARCHIVE_DIR to copy it beside the dump.
set -euo pipefail
url="${DATABASE_URL:?DATABASE_URL must name the database to back up}"
dir="${BACKUP_DIR:-./backups}"
keep_days="${BACKUP_RETENTION_DAYS:-30}"
case "$keep_days" in ''|*[!0-9]*) echo "backup: BACKUP_RETENTION_DAYS must be a whole number of days" >&2; exit 2 ;; esac
mkdir -p "$dir"
name="process-todo-$(date -u +%Y%m%dT%H%M%SZ)"
tmp="$dir/.$name.dump.partial"
trap 'rm -f "$tmp"' EXIT
pg_dump --format=custom --compress=9 --no-owner --file="$tmp" "$url"
# Only a whole dump gets its final name (a crash leaves a .partial, never a short .dump).
mv "$tmp" "$dir/$name.dump"
(cd "$dir" && sha256sum "$name.dump" > "$name.dump.sha256")
if [ -n "${BACKUP_ARCHIVE_DIR:-}" ] && [ -d "$BACKUP_ARCHIVE_DIR" ]; then
  tar -C "$BACKUP_ARCHIVE_DIR" -czf "$dir/$name.audit-archive.tar.gz" .
fi
find "$dir" -maxdepth 1 -name 'process-todo-*' -type f -mtime +"$keep_days" -print -delete | sed 's/^/backup: deleted /' >&2
echo "$dir/$name.dump"
