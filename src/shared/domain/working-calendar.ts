import {
  type CalendarDate,
  type IsoWeekday,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  toDayNumber,
} from './calendar-date.js';
import { InvariantViolationError } from './domain-error.js';

/** How far a search for a working day may look before the calendar is called unusable. */
const SEARCH_LIMIT_DAYS = 3_660;

export const STANDARD_WEEK: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/**
 * Which calendar dates are working days: a working week (ISO weekdays) minus dated
 * holidays. All arithmetic is on calendar dates, never on 24-hour spans, so neither the
 * server's time zone nor daylight saving can shift a result.
 *
 * @example
 * const jp = new WorkingCalendar([1, 2, 3, 4, 5], ['2026-01-01']);
 * jp.subtractWorkingDays('2026-01-05', 1); // '2025-12-31' (skips the weekend and New Year)
 */
export class WorkingCalendar {
  private readonly week: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;

  constructor(workingWeekdays: readonly IsoWeekday[], holidays: Iterable<CalendarDate> = []) {
    if (workingWeekdays.length === 0) {
      throw new InvariantViolationError('workingWeekdays', 'must name at least one working weekday');
    }
    if (!workingWeekdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
      throw new InvariantViolationError('workingWeekdays', 'must be ISO weekdays 1 (Monday) to 7 (Sunday)');
    }
    this.week = new Set(workingWeekdays);
    this.holidays = new Set([...holidays].map(toDayNumber));
  }

  static standard(): WorkingCalendar {
    return new WorkingCalendar(STANDARD_WEEK);
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** The date itself when it is a working day, else the closest working day before it. */
  onOrBefore(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.seek(toDayNumber(date), -1, true));
  }

  /** The date itself when it is a working day, else the closest working day after it. */
  onOrAfter(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.seek(toDayNumber(date), 1, true));
  }

  /** The working day `count` working days after `date` (`count` 0: `onOrAfter(date)`). */
  addWorkingDays(date: CalendarDate, count: number): CalendarDate {
    return fromDayNumber(this.step(toDayNumber(date), count, 1));
  }

  /** The working day `count` working days before `date` (`count` 0: `onOrBefore(date)`). */
  subtractWorkingDays(date: CalendarDate, count: number): CalendarDate {
    return fromDayNumber(this.step(toDayNumber(date), count, -1));
  }

  /** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
  countWorkingDays(from: CalendarDate, to: CalendarDate): number {
    let count = 0;
    for (let day = toDayNumber(from), end = toDayNumber(to); day <= end; day++) {
      if (this.isWorkingDayNumber(day)) count++;
    }
    return count;
  }

  /** The working days from `from` to `to`, both included. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
    const days: CalendarDate[] = [];
    for (let day = toDayNumber(from), end = toDayNumber(to); day <= end; day++) {
      if (this.isWorkingDayNumber(day)) days.push(fromDayNumber(day));
    }
    return days;
  }

  private isWorkingDayNumber(day: number): boolean {
    return this.week.has(isoWeekdayOfDayNumber(day)) && !this.holidays.has(day);
  }

  private step(start: number, count: number, direction: 1 | -1): number {
    if (!Number.isInteger(count) || count < 0) {
      throw new InvariantViolationError('workingDays', 'must be a whole number >= 0');
    }
    let day = this.seek(start, direction, true);
    for (let moved = 0; moved < count; moved++) day = this.seek(day, direction, false);
    return day;
  }

  /** The next working day from `day` in `direction`, `day` itself included when `inclusive`. */
  private seek(day: number, direction: 1 | -1, inclusive: boolean): number {
    let candidate = inclusive ? day : day + direction;
    for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, candidate += direction) {
      if (this.isWorkingDayNumber(candidate)) return candidate;
    }
    throw new InvariantViolationError(
      'calendar',
      `has no working day within ${SEARCH_LIMIT_DAYS} days of ${fromDayNumber(day)}`,
    );
  }
}
