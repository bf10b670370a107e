import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A calendar month in UTC, as `2026-12`. */
export type Month = string;

/** How many months ahead of the current one always have their partition. */
export const MONTHS_AHEAD = 3;

const PARENT = 'audit_logs';

/** `audit_logs_y2026m12`: the partition of one month. */
export function partitionOf(month: Month): string {
  const [year, mm] = month.split('-');
  return `${PARENT}_y${year}m${mm}`;
}

export function monthOf(date: Date): Month {
  return date.toISOString().slice(0, 7);
}

/** The first instant of `month`, and of the month after it. */
export function monthRange(month: Month): { from: Date; to: Date } {
  const [year, mm] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(year, mm - 1, 1)), to: new Date(Date.UTC(year, mm, 1)) };
}

export function addMonths(month: Month, count: number): Month {
  const { from } = monthRange(month);
  return monthOf(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + count, 1)));
}

/**
 * The month partitions of `audit_logs`. Each month gets its partition ahead of time (at
 * start and on every archive run), so that rows land in their month and the archive can
 * drop a whole month at once; a row no partition covers lands in `audit_logs_default`.
 */
@Injectable()
export class AuditPartitions {
  private readonly logger = new Logger('AuditLog');

  constructor(private readonly dataSource: DataSource) {}

  /** Creates the partitions of the current month and the MONTHS_AHEAD after it that are missing. */
  async ensureAhead(now: Date): Promise<Month[]> {
    const created = await this.dataSource.transaction(async (manager) => {
      const made: Month[] = [];
      for (let i = 0; i <= MONTHS_AHEAD; i++) {
        const month = addMonths(monthOf(now), i);
        if (await this.ensureIn(manager, month)) made.push(month);
      }
      return made;
    });
    if (created.length > 0) {
      this.logger.log({ message: `created the audit log partitions of ${created.join(', ')}`, event: 'audit_partitions_created', months: created });
    }
    return created;
  }

  /**
   * Creates `month`'s partition unless it exists. When rows of that month already sit in the
   * default partition, PostgreSQL cannot create it; the month then stays there (the archive
   * handles it the same way) and this says so.
   */
  ensure(month: Month): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.ensureIn(manager, month));
  }

  private async ensureIn(manager: EntityManager, month: Month): Promise<boolean> {
    // Replicas starting together must not both create it (the lock is the transaction's).
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit_logs partitions', 0))`);
    if (await this.exists(manager, month)) return false;
    const { from, to } = monthRange(month);
    const [{ waiting }] = await manager.query(
      `SELECT count(*)::int AS waiting FROM ${PARENT}_default WHERE occurred_at >= $1 AND occurred_at < $2`,
      [from, to],
    );
    if (waiting > 0) {
      this.logger.warn({ message: `${waiting} audit entries of ${month} sit in the default partition; the month keeps no partition of its own`, event: 'audit_partition_skipped', month });
      return false;
    }
    await manager.query(
      `CREATE TABLE "${partitionOf(month)}" PARTITION OF ${PARENT} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
    );
    return true;
  }

  async exists(manager: EntityManager, month: Month): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = '${PARENT}'::regclass AND c.relname = $1`,
      [partitionOf(month)],
    );
    return rows.length > 0;
  }
}
