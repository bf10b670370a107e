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
