import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { BullJobQueue } from './bull-job-queue.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';

export const CLEAN_FINISHED_JOBS = 'clean-finished-jobs';

/**
 * Removes Bull's completed and failed jobs that finished more than JOB_RETENTION_DAYS ago
 * (JOB_CLEANUP_CRON). Bull drops completed jobs by age only when another job completes
 * (`removeOnComplete`), so an idle queue keeps them, and it keeps failed ones (for
 * inspection and retry) for ever: this is their end. The embedded mode registers nothing:
 * its finished jobs are outbox rows, which `purge-outbox-messages` deletes after the same days.
 */
@Injectable()
export class CleanFinishedJobsJob implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const queue = this.queue;
    if (!(queue instanceof BullJobQueue)) return;
    const { cleanupCron, retentionMs } = this.config.jobs;
    this.runner.register({ name: CLEAN_FINISHED_JOBS, cron: cleanupCron, run: async () => ({ items: await queue.clean(retentionMs) }) });
  }
}
