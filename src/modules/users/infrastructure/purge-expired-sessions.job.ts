import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { purgeJob } from '../../../platform/scheduling/purge-job.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { ScheduleRunner } from '../../../platform/scheduling/schedule-runner.js';
import { SessionOrmEntity } from './session.orm-entity.js';

/** Deletes refresh tokens that expired more than a day ago (SESSION_PURGE_CRON). */
@Injectable()
export class PurgeExpiredSessionsJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(
      purgeJob(this.dataSource, {
        name: 'purge-expired-sessions',
        cron: this.config.jobs.sessionPurgeCron,
        entity: SessionOrmEntity,
        where: "expires_at < now() - interval '1 day'",
      }),
    );
  }
}
