import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
    this.runner.register({
      name: 'purge-idempotency-keys',
      cron: this.config.jobs.idempotencyPurgeCron,
      run: async () => {
        const { affected } = await this.dataSource
          .createQueryBuilder()
          .delete()
          .from(IdempotencyKeyOrmEntity)
          .where('expires_at < now()')
          .callListeners(false)
          .execute();
        return { items: affected ?? 0 };
      },
    });
  }
}
