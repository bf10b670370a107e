import { type CalendarDate, toCalendarDate } from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';

export const HOLIDAY_NAME_MAX = 100;
/** How many holidays one request may add: a country's decade fits, a runaway import does not. */
export const HOLIDAYS_PER_CALL_MAX = 1000;

/** A dated day off; `name` says why ("New Year's Day"), when someone said so. */
export interface Holiday {
  readonly date: CalendarDate;
  readonly name: string | null;
}

export interface HolidayInput {
  date: string;
  name?: string | null;
}

/**
 * Checks a list of holidays given in one call: valid dates, names within limits, no date
 * twice (which of the two names would win is a guess, so it is refused), at most
 * HOLIDAYS_PER_CALL_MAX. Names are trimmed; a blank name is no name.
 */
export function checkHolidays(field: string, input: readonly HolidayInput[]): Holiday[] {
  if (input.length > HOLIDAYS_PER_CALL_MAX) {
    throw new InvariantViolationError(field, `must hold at most ${HOLIDAYS_PER_CALL_MAX} holidays`);
  }
  const seen = new Set<string>();
  return input.map((holiday) => {
    const date = checkHolidayDate(field, holiday.date);
    if (seen.has(date)) throw new InvariantViolationError(field, `lists ${date} more than once`);
    seen.add(date);
    return { date, name: checkHolidayName(field, holiday.name) };
  });
}

/** A calendar date (from 0001-01-01: PostgreSQL has no year 0). */
export function checkHolidayDate(field: string, value: string): CalendarDate {
  return toCalendarDate(field, value);
}

function checkHolidayName(field: string, raw: string | null | undefined): string | null {
  const name = raw?.trim() ?? '';
  if (name.length > HOLIDAY_NAME_MAX) {
    throw new InvariantViolationError(field, `names must be at most ${HOLIDAY_NAME_MAX} characters`);
  }
  return name === '' ? null : name;
}
