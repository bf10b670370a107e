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
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

export function toCalendarDate(field: string, value: string): CalendarDate {
  if (!isCalendarDate(value)) {
    throw new InvariantViolationError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return value;
}
