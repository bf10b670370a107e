import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { purgeJob } from '../../../platform/scheduling/purge-job.js';
import { ScheduleRunner } from '../../../platform/scheduling/schedule-runner.js';
import { calendarDateOf } from '../../../shared/domain/calendar-date.js';
import { SendReminders } from '../application/send-reminders.js';
import { ReminderSentOrmEntity } from './reminder-sent.orm-entity.js';

/**
 * The reminder job on the schedule runner (REMINDER_CRON, once per tick across replicas):
 * the day is the tick's own (UTC), so a late or repeated run of a tick reminds of that day.
 * With the outbox purge, the reminder log forgets days older than 30.
 */
@Injectable()
export class ReminderSchedule implements OnModuleInit {
  constructor(
    private readonly runner: ScheduleRunner,
    private readonly reminders: SendReminders,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register({
      name: 'send-reminders',
      cron: this.config.reminders.cron,
      run: async (tick) => ({ items: await this.reminders.run(calendarDateOf(tick.scheduledAt)) }),
    });
    this.runner.register(
      purgeJob(this.dataSource, {
        name: 'purge-reminder-log',
        cron: this.config.jobs.outboxPurgeCron,
        entity: ReminderSentOrmEntity,
        where: `day < current_date - 30`,
      }),
    );
  }
}
