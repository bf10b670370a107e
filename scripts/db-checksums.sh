#!/usr/bin/env bash
# Prints "<table> <rows> <checksum>" for every table of the database at $1 (a postgres:// URL),
# sorted by table: an order-independent checksum of each table's rows (the sum of a 60-bit
# slice of each row's md5). Two databases holding the same rows print the same lines.
# Used by verify-backup.sh and the backup round-trip test.
set -euo pipefail
url="${1:?usage: db-checksums.sh <database url>}"
tables=$(psql "$url" -XAtqc "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")
for table in $tables; do
  psql "$url" -XAtqc "SELECT '$table', count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)
    FROM ONLY $table t" | tr '|' ' '
done
