import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import type { ReminderLog } from '../application/ports/reminder-log.js';

/** The reminder log in `reminders_sent`: its primary key (item, day) is the claim. */
@Injectable()
export class TypeOrmReminderLog implements ReminderLog {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async claim(keys: readonly string[], day: CalendarDate): Promise<Set<string>> {
    const rows: { item_key: string }[] = await this.txHost.tx.query(
      `INSERT INTO reminders_sent (item_key, day) SELECT unnest($1::text[]), $2::date
       ON CONFLICT DO NOTHING RETURNING item_key`,
      [keys, day],
    );
    return new Set(rows.map((row) => row.item_key));
  }
}
