import type { DataSource } from 'typeorm';

/** Months before the archive's cutoff (AUDIT_RETENTION_MONTHS 3 before the current one), counted back from it. */
export function monthsBeforeCutoff(now: Date, count: number, retentionMonths = 3): string[] {
  const months: string[] = [];
  for (let back = retentionMonths + count; back > retentionMonths; back--) {
    months.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
  }
  return months;
}

/**
 * Writes `rows` old audit entries spread over `month`, as the app would have written them
 * then (inserts are what the append-only log allows). With `ownPartition` the month first
 * gets its partition, as the app makes them ahead of time; without, they land in the default one.
 */
export async function seedAuditMonth(db: DataSource, month: string, rows: number, ownPartition: boolean): Promise<void> {
  const [year, mm] = month.split('-').map(Number);
  const from = new Date(Date.UTC(year, mm - 1, 1));
  const to = new Date(Date.UTC(year, mm, 1));
  if (ownPartition) {
    await db.query(
      `CREATE TABLE "audit_logs_y${year}m${String(mm).padStart(2, '0')}" PARTITION OF audit_logs FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
    );
  }
  const span = to.getTime() - from.getTime() - 1;
  await db.query(
    `INSERT INTO audit_logs (occurred_at, actor_role, action, resource_type, resource_id, changes)
     SELECT to_timestamp(($1::bigint + floor(i::float8 / $3 * $2)::bigint) / 1000.0), 'system', 'task.update', 'task', gen_random_uuid(),
            jsonb_build_object('title', jsonb_build_object('before', 'old ' || i, 'after', 'new ' || i))
     FROM generate_series(0, $3 - 1) AS i`,
    [from.getTime(), span, rows],
  );
}
