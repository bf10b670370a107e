import type { CalendarDate, IsoWeekday } from '../../../shared/domain/calendar-date.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';

/** A `calendars` row with its holidays as `pg` returns it (see HOLIDAYS_OF). */
export interface CalendarRow {
  id: string;
  code: string;
  name: string;
  working_weekdays: number[];
  version: number;
  created_at: Date;
  updated_at: Date;
  holidays: { date: string; name: string | null }[];
}

export const CALENDAR_COLUMNS =
  'c.id, c.code, c.name, c.working_weekdays, c.version, c.created_at, c.updated_at';

/**
 * The holidays of calendar `c` as one JSON array, ascending by date, optionally narrowed
 * by a condition on `h`. Read in the same statement as the calendar row, so that both come
 * from one snapshot of the database even outside a transaction.
 */
export const holidaysOf = (condition = '') => `COALESCE((
    SELECT json_agg(json_build_object('date', h.date, 'name', h.name) ORDER BY h.date)
    FROM calendar_holidays h WHERE h.calendar_id = c.id ${condition}
  ), '[]'::json) AS holidays`;

export const SELECT_CALENDAR_BY_ID = `SELECT ${CALENDAR_COLUMNS}, ${holidaysOf()} FROM calendars c WHERE c.id = $1`;

export function toSnapshot(row: CalendarRow): CalendarSnapshot {
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    name: row.name,
    workingWeekdays: row.working_weekdays as IsoWeekday[],
    holidays: row.holidays.map((holiday) => ({
      date: holiday.date as CalendarDate,
      name: holiday.name,
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be stored are not looked up: PostgreSQL would fail the cast, not find nothing. */
export const isUuid = (id: string): boolean => UUID.test(id);
