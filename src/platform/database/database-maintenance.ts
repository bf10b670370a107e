import { Logger } from '@nestjs/common';

/** One connection of its own, outside any transaction (VACUUM and REINDEX CONCURRENTLY refuse one). */
export interface MaintenanceConnection {
  query(sql: string): Promise<unknown[]>;
  release(): Promise<void>;
}

/** An index smaller than this is never worth a reindex, however bloated. */
export const REINDEX_MIN_BYTES = 1024 * 1024;
/** An index this many times its estimated packed size is bloated. */
export const BLOAT_RATIO = 2;

/**
 * The btree indexes of the app's schema that are REINDEX_MIN_BYTES or more and BLOAT_RATIO
 * times the size their rows would take packed, estimated from the planner's statistics
 * (fresh after the VACUUM ANALYZE before it), without pgstattuple: per row an item pointer
 * (4 bytes) and a MAXALIGNed tuple (8-byte header and the columns' average widths), pages of
 * 8168 usable bytes filled to the btree default of 90%. Expression and partial indexes, whose
 * rows the statistics cannot size, are left out; so are invalid ones (a reindex that failed).
 */
export const BLOATED_INDEXES = `
  SELECT format('%I.%I', n.nspname, ic.relname) AS name, pg_relation_size(i.indexrelid)::float8 AS bytes,
         (ceil(max(ic.reltuples) * (4 + 8 * ceil((8 + sum(s.avg_width)) / 8.0)) / (8168 * 0.9)) + 1) * 8192 AS "expectedBytes"
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid AND ic.relkind = 'i'
  JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
  JOIN LATERAL unnest(i.indkey::int2[]) AS k(attnum) ON true
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname AND NOT s.inherited
  WHERE i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
  GROUP BY n.nspname, ic.relname, i.indexrelid
  HAVING bool_and(s.avg_width IS NOT NULL) AND max(ic.reltuples) >= 0
     AND pg_relation_size(i.indexrelid) >= ${REINDEX_MIN_BYTES}
     AND pg_relation_size(i.indexrelid) > ${BLOAT_RATIO} * (ceil(max(ic.reltuples) * (4 + 8 * ceil((8 + sum(s.avg_width)) / 8.0)) / (8168 * 0.9)) + 1) * 8192
  ORDER BY bytes DESC`;

/** PostgreSQL's feature_not_supported: a server (the embedded PGlite, say) that cannot do it. */
const FEATURE_NOT_SUPPORTED = '0A000';

/**
 * Database maintenance (SPEC-JOB-2), as the schedule runner's jobs call it: `analyze` (daily)
 * refreshes the planner's statistics; `vacuumAndReindex` (weekly) runs VACUUM ANALYZE,
 * rebuilds each bloated index (BLOATED_INDEXES) with REINDEX INDEX CONCURRENTLY, which
 * blocks no reads or writes, and then flushes the shared read cache. Each runs on a
 * connection of its own, outside any transaction and without the statement timeout (a
 * VACUUM of a large database takes longer). A statement the server does not support is
 * skipped and logged (`db_maintenance_skipped`), the rest still run.
 *
 * @example
 * runner.register({ name: 'db-analyze', cron: '0 2 * * *', run: () => maintenance.analyze() });
 */
export class DatabaseMaintenance {
  private readonly logger = new Logger('DbMaintenance');

  constructor(
    private readonly connect: () => Promise<MaintenanceConnection>,
    private readonly cache: { flush(): Promise<void> },
  ) {}

  /** ANALYZE; one item. */
  async analyze(): Promise<{ items: number }> {
    return this.on(async (connection) => ({ items: (await this.attempt(connection, 'ANALYZE')) ? 1 : 0 }));
  }

  /** VACUUM ANALYZE, the reindexes, the cache flush; its items are the indexes rebuilt. */
  async vacuumAndReindex(): Promise<{ items: number }> {
    const reindexed = await this.on(async (connection) => {
      await this.attempt(connection, 'VACUUM (ANALYZE)');
      const bloated = (await connection.query(BLOATED_INDEXES)) as { name: string; bytes: number; expectedBytes: number }[];
      let rebuilt = 0;
      for (const index of bloated) {
        if (await this.attempt(connection, `REINDEX INDEX CONCURRENTLY ${index.name}`)) {
          rebuilt++;
          this.logger.log({ message: `reindexed ${index.name}`, event: 'db_reindexed', context: { index: index.name, bytes: index.bytes, expectedBytes: index.expectedBytes } });
        }
      }
      return rebuilt;
    });
    await this.cache.flush();
    this.logger.log({ message: 'read cache flushed', event: 'cache_flushed' });
    return { items: reindexed };
  }

  private async on<T>(work: (connection: MaintenanceConnection) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    try {
      await connection.query('SET statement_timeout = 0');
      return await work(connection);
    } finally {
      await connection.query('RESET statement_timeout').catch(() => undefined);
      await connection.release();
    }
  }

  /** Runs `sql`; false when the server does not support it (logged), any other failure throws. */
  private async attempt(connection: MaintenanceConnection, sql: string): Promise<boolean> {
    try {
      await connection.query(sql);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== FEATURE_NOT_SUPPORTED) throw error;
      this.logger.warn({ message: `skipped, not supported by this server: ${sql}: ${(error as Error).message}`, event: 'db_maintenance_skipped' });
      return false;
    }
  }
}
