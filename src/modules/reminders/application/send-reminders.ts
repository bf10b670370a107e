import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { OUTBOX, type Outbox } from '../../../shared/application/jobs.js';
import { SEND_EMAIL } from '../../../shared/application/notices.js';
import type { DueItem, DueItemSource, ReminderSources } from '../../../shared/application/reminders.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { REMINDER_LOG, type ReminderLog } from './ports/reminder-log.js';

/**
 * Sends the day's reminders: every source's due-soon and overdue items, one reminder per
 * item and day (the reminder log claims each in the transaction that writes its e-mail and
 * its event, so a rerun, a retry or another replica sends none twice). Batches commit one
 * by one: a run cut short resumes where it stopped on its next run that day.
 */
@Injectable()
export class SendReminders implements ReminderSources {
  private readonly sources: DueItemSource[] = [];
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly txHost: TransactionHost,
    @Inject(REMINDER_LOG) private readonly log: ReminderLog,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(EVENTS) private readonly events: Events,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(source: DueItemSource): void {
    if (this.sources.some((known) => known.name === source.name)) throw new Error(`the reminder source ${source.name} is registered twice`);
    this.sources.push(source);
  }

  /** The reminders of `today` not yet sent: how many it sent. */
  async run(today: CalendarDate): Promise<number> {
    let sent = 0;
    for (const source of this.sources) {
      let fromSource = 0;
      for await (const batch of source.due(today, this.config.reminders.dueSoonDays)) {
        fromSource += await this.txHost.withTransaction(() => this.remind(batch, today));
      }
      this.logger.log({ message: `${fromSource} ${source.name} reminded of for ${today}`, event: 'reminders_sent', context: { source: source.name, day: today, sent: fromSource } });
      sent += fromSource;
    }
    return sent;
  }

  private async remind(batch: readonly DueItem[], today: CalendarDate): Promise<number> {
    if (batch.length === 0) return 0;
    const fresh = await this.log.claim(
      batch.map((item) => item.key),
      today,
    );
    const items = batch.filter((item) => fresh.has(item.key));
    for (const item of items) if (item.notice) await this.outbox.add(SEND_EMAIL, item.notice);
    await this.events.publish(...items.map((item) => item.event));
    return items.length;
  }
}
