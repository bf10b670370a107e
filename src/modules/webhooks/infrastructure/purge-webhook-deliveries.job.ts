import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { purgeJob, retentionDays } from '../../../platform/scheduling/purge-job.js';
import { ScheduleRunner } from '../../../platform/scheduling/schedule-runner.js';
import { WebhookDeliveryOrmEntity } from './webhook-delivery.orm-entity.js';

/** Deletes finished deliveries older than JOB_RETENTION_DAYS from the delivery logs (with the outbox purge's cron); pending ones stay. */
@Injectable()
export class PurgeWebhookDeliveriesJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const days = retentionDays(this.config);
    this.runner.register(
      purgeJob(this.dataSource, {
        name: 'purge-webhook-deliveries',
        cron: this.config.jobs.outboxPurgeCron,
        entity: WebhookDeliveryOrmEntity,
        where: `status <> 'pending' AND created_at < now() - interval '${days} days'`,
      }),
    );
  }
}
