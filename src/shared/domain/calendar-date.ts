import { InvariantViolationError } from './domain-error.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (no time, no time zone) as `YYYY-MM-DD`. Dates compare as strings,
 * and every check is done in UTC so the server's TZ never leaks in.
 */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

export function isCalendarDate(value: string): value is CalendarDate {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  // ISO year 0000 (1 BC) has no PostgreSQL `date` spelling: calendar dates start at 0001.
  if (year === 0) return false;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export function toCalendarDate(field: string, value: string): CalendarDate {
  if (!isCalendarDate(value)) {
    throw new InvariantViolationError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return value;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of a calendar date: the unit all date arithmetic works in. */
export function toDayNumber(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  const month = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}` as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export function isoWeekdayOfDayNumber(dayNumber: number): IsoWeekday {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

/** The UTC calendar date of an instant: "today" for a server anywhere. */
export function calendarDateOf(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10) as CalendarDate;
}
