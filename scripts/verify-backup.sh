#!/usr/bin/env bash
# Verifies a dump made by backup.sh (SPEC-BAK-1's weekly verification): restores it into a
# scratch database beside DATABASE_URL and compares every table's row count and checksum
# (db-checksums.sh) with DATABASE_URL's. Exit 0 when they match; 1, with the differing
# tables, when not. Compare with the source right after the backup, or against a copy of the
# source at that time: rows written since the dump differ by design.
#
#   DATABASE_URL=postgres://... scripts/verify-backup.sh backups/process-todo-20261201T030000Z.dump
set -euo pipefail
dump="${1:?usage: verify-backup.sh <dump file>}"
url="${DATABASE_URL:?DATABASE_URL must name the source database}"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="verify_$(date -u +%Y%m%d%H%M%S)_$$"
admin_url="${url%/*}/postgres"
scratch_url="${url%/*}/$scratch"
psql "$admin_url" -XAtqc "CREATE DATABASE \"$scratch\""
trap 'psql "$admin_url" -XAtqc "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null' EXIT
DATABASE_URL="$scratch_url" "$here/restore.sh" "$dump" >/dev/null
source_sums=$(mktemp); restored_sums=$(mktemp)
"$here/db-checksums.sh" "$url" > "$source_sums"
"$here/db-checksums.sh" "$scratch_url" > "$restored_sums"
if diff -u --label source "$source_sums" --label restored "$restored_sums"; then
  echo "verify-backup: $dump restores to $(wc -l < "$restored_sums") tables identical to the source"
else
  echo "verify-backup: $dump differs from the source (above)" >&2
  exit 1
fi
