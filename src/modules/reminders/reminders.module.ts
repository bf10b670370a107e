import { Global, Module } from '@nestjs/common';
import { registerEntities } from '../../platform/database/entity-registry.js';
import { REMINDER_SOURCES } from '../../shared/application/reminders.js';
import { REMINDER_LOG } from './application/ports/reminder-log.js';
import { SendReminders } from './application/send-reminders.js';
import { ReminderSchedule } from './infrastructure/reminder-schedule.js';
import { ReminderSentOrmEntity } from './infrastructure/reminder-sent.orm-entity.js';
import { TypeOrmReminderLog } from './infrastructure/typeorm-reminder-log.js';

registerEntities([ReminderSentOrmEntity]);

/**
 * Daily reminders of due-soon and overdue work: an e-mail to the assignee and an event for
 * subscribers, once per item and day. Global: the tasks and cases modules register their
 * sources with REMINDER_SOURCES.
 */
@Global()
@Module({
  providers: [
    SendReminders,
    ReminderSchedule,
    { provide: REMINDER_SOURCES, useExisting: SendReminders },
    { provide: REMINDER_LOG, useClass: TypeOrmReminderLog },
  ],
  exports: [REMINDER_SOURCES],
})
export class RemindersModule {}
