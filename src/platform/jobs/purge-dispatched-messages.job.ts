import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { purgeJob, retentionDays } from '../scheduling/purge-job.js';
import { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { OutboxMessageOrmEntity } from './outbox-message.orm-entity.js';

/** Deletes outbox messages dispatched more than JOB_RETENTION_DAYS ago (OUTBOX_PURGE_CRON); undispatched ones stay, however old. */
@Injectable()
export class PurgeDispatchedMessagesJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const days = retentionDays(this.config);
    this.runner.register(
      purgeJob(this.dataSource, {
        name: 'purge-outbox-messages',
        cron: this.config.jobs.outboxPurgeCron,
        entity: OutboxMessageOrmEntity,
        where: `dispatched_at < now() - interval '${days} days'`,
      }),
    );
  }
}
