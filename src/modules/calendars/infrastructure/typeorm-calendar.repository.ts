import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { Calendar } from '../domain/calendar.aggregate.js';
import { CalendarCodeTakenError, CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarRepository } from '../domain/calendar.repository.js';
import type { Holiday } from '../domain/holiday.js';
import { type CalendarRow, isUuid, SELECT_CALENDAR_BY_ID, toSnapshot } from './calendar.mapper.js';

// ON CONFLICT instead of catching the unique violation: a failed statement would abort
// the caller's whole transaction, and a taken code is an answer, not a failure.
const INSERT = `INSERT INTO calendars (id, code, name, working_weekdays, version, created_at, updated_at)
  VALUES ($1, $2, $3, $4::smallint[], 1, $5, $6)
  ON CONFLICT (code) DO NOTHING RETURNING version`;
const UPDATE = `UPDATE calendars SET name = $2, working_weekdays = $3::smallint[], updated_at = $4,
  version = version + 1 WHERE id = $1 AND version = $5 RETURNING version`;
const SAVE_HOLIDAYS = `INSERT INTO calendar_holidays (calendar_id, date, name)
  SELECT $1::uuid, h.date, h.name FROM unnest($2::date[], $3::varchar[]) AS h(date, name)
  ON CONFLICT (calendar_id, date) DO UPDATE SET name = EXCLUDED.name`;
const DELETE_HOLIDAYS = 'DELETE FROM calendar_holidays WHERE calendar_id = $1 AND date = ANY($2::date[])';
const SELECT_VERSION = 'SELECT version FROM calendars WHERE id = $1';

/**
 * Calendars in PostgreSQL: a `calendars` row and one `calendar_holidays` row per holiday.
 * An update first moves the version on (the optimistic check), then writes only the
 * holiday rows that changed; the use case's transaction makes the two one change.
 */
@Injectable()
export class TypeOrmCalendarRepository implements CalendarRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<Calendar | null> {
    if (!isUuid(id)) return null;
    const rows: CalendarRow[] = await this.txHost.tx.query(SELECT_CALENDAR_BY_ID, [id]);
    return rows[0] ? Calendar.restore(toSnapshot(rows[0])) : null;
  }

  async insert(calendar: Calendar): Promise<void> {
    const snapshot = calendar.snapshot();
    const rows: { version: number }[] = await this.txHost.tx.query(INSERT, [
      snapshot.id,
      snapshot.code,
      snapshot.name,
      snapshot.workingWeekdays,
      snapshot.createdAt,
      snapshot.updatedAt,
    ]);
    if (!rows[0]) throw new CalendarCodeTakenError(snapshot.code);
    await this.saveHolidays(snapshot.id, snapshot.holidays);
    calendar.markPersisted(rows[0].version);
  }

  async update(calendar: Calendar): Promise<void> {
    const snapshot = calendar.snapshot();
    const [rows]: [{ version: number }[], number] = await this.txHost.tx.query(UPDATE, [
      snapshot.id,
      snapshot.name,
      snapshot.workingWeekdays,
      snapshot.updatedAt,
      snapshot.version,
    ]);
    if (!rows[0]) {
      const current = await this.currentVersion(snapshot.id);
      if (current === 0) throw new CalendarNotFoundError(snapshot.id);
      throw new StaleVersionError('calendar', snapshot.id, snapshot.version, current);
    }
    const { saved, removed } = calendar.holidayChanges();
    if (removed.length > 0) await this.txHost.tx.query(DELETE_HOLIDAYS, [snapshot.id, removed]);
    await this.saveHolidays(snapshot.id, saved);
    calendar.markPersisted(rows[0].version);
  }

  private async saveHolidays(calendarId: string, holidays: readonly Holiday[]): Promise<void> {
    if (holidays.length === 0) return;
    await this.txHost.tx.query(SAVE_HOLIDAYS, [
      calendarId,
      holidays.map((holiday) => holiday.date),
      holidays.map((holiday) => holiday.name),
    ]);
  }

  /** The stored version, or 0 when the calendar is gone. */
  private async currentVersion(id: string): Promise<number> {
    const rows: { version: number }[] = await this.txHost.tx.query(SELECT_VERSION, [id]);
    return rows[0]?.version ?? 0;
  }
}
