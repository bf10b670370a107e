#!/usr/bin/env bash
# Restores a dump made by backup.sh into DATABASE_URL (SPEC-BAK-2): checks its sha256,
# replaces what the database holds, then checks health. The replacement is one transaction
# (a failed restore leaves the database as it was): the public schema is dropped and the
# dump's SQL (pg_restore's output) runs after it, in one psql --single-transaction. That is
# `pg_restore --clean --if-exists` made to work on partitioned tables: --clean drops each
# audit partition's inherited primary key on its own, which PostgreSQL refuses.
#
#   DATABASE_URL=postgres://... scripts/restore.sh backups/process-todo-20261201T030000Z.dump
#
# Stop the api and worker processes first (or scale them to 0), start them after; with
# HEALTH_URL set (http://host:3000/health/ready) the script waits for the app to be ready.
set -euo pipefail
dump="${1:?usage: restore.sh <dump file>}"
url="${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
if [ -f "$dump.sha256" ]; then
  (cd "$(dirname "$dump")" && sha256sum --check --status "$(basename "$dump").sha256") || { echo "restore: $dump does not match its sha256" >&2; exit 1; }
else
  echo "restore: no $dump.sha256 beside the dump; refusing an unchecked file" >&2
  exit 1
fi
# The whole SQL first: a dump pg_restore cannot read stops here, before the database is touched.
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
echo 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' > "$sql"
pg_restore --no-owner --file=- "$dump" >> "$sql"
psql "$url" -Xq -v ON_ERROR_STOP=1 --single-transaction --file="$sql" >/dev/null
# The schema is the app's: its migrations table says how far it went.
migrations=$(psql "$url" -XAtqc 'SELECT count(*) FROM migrations')
echo "restore: $dump restored; $migrations migrations recorded"
if [ -n "${HEALTH_URL:-}" ]; then
  for _ in $(seq 1 60); do
    if curl -fsS "$HEALTH_URL" >/dev/null 2>&1; then echo "restore: $HEALTH_URL is ready"; exit 0; fi
    sleep 2
  done
  echo "restore: $HEALTH_URL did not answer 200 within 120 s" >&2
  exit 1
fi
