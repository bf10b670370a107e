import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { updateVersioned } from '../../../platform/database/versioned-update.js';
import { isUuid } from '../../../shared/domain/uuid.js';
import { Calendar } from '../domain/calendar.aggregate.js';
import { CalendarCodeTakenError, CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarRepository } from '../domain/calendar.repository.js';
import type { Holiday } from '../domain/holiday.js';
import { CalendarHolidayOrmEntity } from './calendar-holiday.orm-entity.js';
import { findCalendar } from './calendar-rows.js';
import { CalendarOrmEntity } from './calendar.orm-entity.js';

/**
 * Calendars in PostgreSQL: a `calendars` row and one `calendar_holidays` row per holiday,
 * written through the query builder. An update first moves the version on (the optimistic
 * check), then writes only the holiday rows that changed; the use case's transaction makes
 * the two one change.
 */
@Injectable()
export class TypeOrmCalendarRepository implements CalendarRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<Calendar | null> {
    if (!isUuid(id)) return null;
    const row = await findCalendar(this.txHost.tx, id);
    return row ? Calendar.restore(row) : null;
  }

  async insert(calendar: Calendar): Promise<void> {
    const { holidays, workingWeekdays, ...snapshot } = calendar.snapshot();
    // ON CONFLICT DO NOTHING instead of catching the unique violation: a failed statement
    // would abort the caller's whole transaction, and a taken code is an answer, not a failure.
    const { raw } = await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(CalendarOrmEntity)
      .values({ ...snapshot, workingWeekdays: [...workingWeekdays], version: 1 })
      .orIgnore()
      .returning(['version'])
      .updateEntity(false)
      .callListeners(false)
      .execute();
    if ((raw as unknown[]).length === 0) throw new CalendarCodeTakenError(snapshot.code);
    await this.saveHolidays(snapshot.id, holidays);
    calendar.markPersisted(1);
  }

  async update(calendar: Calendar): Promise<void> {
    const { id, version, name, workingWeekdays, updatedAt } = calendar.snapshot();
    const next = await updateVersioned(
      this.txHost.tx,
      CalendarOrmEntity,
      { resource: 'calendar', id, version, notFound: () => new CalendarNotFoundError(id) },
      { name, workingWeekdays: [...workingWeekdays], updatedAt },
    );
    const { saved, removed } = calendar.holidayChanges();
    if (removed.length > 0) {
      await this.txHost.tx
        .createQueryBuilder()
        .delete()
        .from(CalendarHolidayOrmEntity)
        .where('calendar_id = :id AND date IN (:...removed)', { id, removed })
        .callListeners(false)
        .execute();
    }
    await this.saveHolidays(id, saved);
    calendar.markPersisted(next);
  }

  private async saveHolidays(calendarId: string, holidays: readonly Holiday[]): Promise<void> {
    if (holidays.length === 0) return;
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(CalendarHolidayOrmEntity)
      .values(holidays.map((holiday) => ({ calendarId, ...holiday })))
      .orUpdate(['name'], ['calendar_id', 'date'])
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }
}
