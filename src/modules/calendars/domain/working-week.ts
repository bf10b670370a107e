import type { IsoWeekday } from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';

/** Monday to Friday: the week a calendar gets when none is given. */
export const DEFAULT_WORKING_WEEK: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/**
 * The working weekdays as stored: ISO numbers 1 (Monday) to 7 (Sunday), at least one,
 * each once, in ascending order, so that two equal weeks always compare equal.
 */
export function checkWorkingWeek(days: readonly number[]): IsoWeekday[] {
  if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    throw new InvariantViolationError('workingWeekdays', 'must be ISO weekdays from 1 (Monday) to 7 (Sunday)');
  }
  const week = [...new Set(days)].sort((a, b) => a - b) as IsoWeekday[];
  if (week.length === 0) {
    throw new InvariantViolationError('workingWeekdays', 'must name at least one working weekday');
  }
  return week;
}
