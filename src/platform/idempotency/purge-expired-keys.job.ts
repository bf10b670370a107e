import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { purgeJob } from '../scheduling/purge-job.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { IdempotencyKeyOrmEntity } from './idempotency-key.orm-entity.js';

/** Deletes stored Idempotency-Key responses past their 24 h (IDEMPOTENCY_PURGE_CRON). */
@Injectable()
export class PurgeExpiredKeysJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(
      purgeJob(this.dataSource, {
        name: 'purge-idempotency-keys',
        cron: this.config.jobs.idempotencyPurgeCron,
        entity: IdempotencyKeyOrmEntity,
        where: 'expires_at < now()',
      }),
    );
  }
}
