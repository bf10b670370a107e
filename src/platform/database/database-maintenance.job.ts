import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../shared/application/read-cache.js';
import { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { DatabaseMaintenance } from './database-maintenance.js';

export const DB_ANALYZE = 'db-analyze';
export const DB_VACUUM_REINDEX = 'db-vacuum-reindex';

/**
 * Registers the database maintenance (SPEC-JOB-2) with the schedule runner when
 * DB_MAINTENANCE_ENABLED: `db-analyze` on DB_ANALYZE_CRON, `db-vacuum-reindex` on
 * DB_VACUUM_CRON. Off, nothing is registered (GET /admin/schedules lists neither).
 */
@Injectable()
export class DatabaseMaintenanceJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly dataSource: DataSource,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { enabled, analyzeCron, vacuumCron } = this.config.maintenance;
    if (!enabled) return;
    const maintenance = new DatabaseMaintenance(async () => {
      const connection = this.dataSource.createQueryRunner();
      await connection.connect();
      return { query: (sql) => connection.query(sql), release: () => connection.release() };
    }, this.cache);
    this.runner.register({ name: DB_ANALYZE, cron: analyzeCron, run: () => maintenance.analyze() });
    this.runner.register({ name: DB_VACUUM_REINDEX, cron: vacuumCron, run: () => maintenance.vacuumAndReindex() });
  }
}
