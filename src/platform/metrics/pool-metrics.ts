import { DataSource } from 'typeorm';
import { gaugeProvider } from './metric-providers.js';

/** What the gauges read from pg's Pool (pg-pool keeps these as getters). */
interface PgPool {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { readonly max: number };
}

const TOTAL = { state: 'total' } as const;
const IDLE = { state: 'idle' } as const;
const WAITING = { state: 'waiting' } as const;

/**
 * The pg pool behind the TypeORM data source (`driver.master` of the postgres driver),
 * or null once the data source is destroyed.
 */
export function pgPoolOf(dataSource: DataSource): PgPool | null {
  const pool = (dataSource.driver as { master?: Partial<PgPool> }).master;
  return typeof pool?.totalCount === 'number' && pool.options !== undefined ? (pool as PgPool) : null;
}

/**
 * `db_pool_connections{state="total"|"idle"|"waiting"}` and `db_pool_max`, read from the
 * pool when Prometheus scrapes (no timer). Busy connections are total - idle; the alert
 * "connections > 80% of max" (SPEC-ALERT-2) is total / max.
 */
export const POOL_METRIC_PROVIDERS = [
  gaugeProvider(
    {
      name: 'db_pool_connections',
      help: 'Connections of the database pool: total (open), idle, and waiting (requests queued for one).',
      labelNames: ['state'],
    },
    {
      inject: [DataSource],
      collect(dataSource: DataSource) {
        const pool = pgPoolOf(dataSource);
        if (pool === null) return;
        this.set(TOTAL, pool.totalCount);
        this.set(IDLE, pool.idleCount);
        this.set(WAITING, pool.waitingCount);
      },
    },
  ),
  gaugeProvider(
    { name: 'db_pool_max', help: 'Most connections the database pool opens (DATABASE_POOL_SIZE).' },
    {
      inject: [DataSource],
      collect(dataSource: DataSource) {
        const pool = pgPoolOf(dataSource);
        if (pool !== null) this.set(pool.options.max);
      },
    },
  ),
];
