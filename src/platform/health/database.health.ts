import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource, MigrationExecutor } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The counters of the pg pool behind TypeORM's postgres driver (`driver.master`). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

/**
 * The database as readiness sees it: it answers `SELECT 1` within HEALTH_CHECK_TIMEOUT_MS,
 * and every migration of this build is applied. Once they are, that is remembered: a
 * build's migrations cannot become pending again, so the probe then costs one query.
 */
@Injectable()
export class DatabaseHealthIndicator {
  private migrationsApplied = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `{ [key]: { status, responseTime } }`, down with a message on an error or a timeout. */
  ping<const Key extends string = 'database'>(key: Key = 'database' as Key) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await this.dataSource.query('SELECT 1');
      })
      .withTimeout(this.config.health.checkTimeoutMs);
  }

  /** Down while a migration of this build is not applied (MIGRATIONS_RUN=false, not yet run). */
  migrations<const Key extends string = 'migrations'>(key: Key = 'migrations' as Key) {
    if (this.migrationsApplied) return Promise.resolve(this.indicators.check(key).up({ pending: [] }));
    return this.indicators
      .check(key)
      .attempt(async () => {
        // Like dataSource.showMigrations(), but it names what is pending, creates no
        // table, and always gives its connection back.
        const pending = await new MigrationExecutor(this.dataSource).getPendingMigrations();
        if (pending.length > 0) {
          throw new Error(`pending migrations: ${pending.map((migration) => migration.name).join(', ')}`);
        }
        this.migrationsApplied = true;
        return { pending: [] };
      })
      .withTimeout(this.config.health.checkTimeoutMs);
  }

  /** The pool's connections right now, or null when the driver has no pg pool. */
  poolStats(): PoolStats | null {
    const pool = (this.dataSource.driver as { master?: PgPool }).master;
    if (!pool || typeof pool.totalCount !== 'number') return null;
    return {
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? this.config.database.poolSize,
    };
  }
}
