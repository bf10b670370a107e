import {
  type CalendarDate,
  type IsoWeekday,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  toDayNumber,
} from './calendar-date.js';
import { InvariantViolationError } from './domain-error.js';

/**
 * How many days in a row without a working day make the calendar unusable. (The
 * calendar used to walk day by day and gave up after this many; the arithmetic below
 * keeps that answer, so a stretch of ten years of holidays is refused as before.)
 */
const SEARCH_LIMIT_DAYS = 3_660;

/** 1969-12-29, a Monday: weeks are counted from it (day numbers before it count backward). */
const WEEK_ORIGIN = -3;

export const STANDARD_WEEK: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/** Two working days in a row with more than SEARCH_LIMIT_DAYS days between them. */
interface LongGap {
  readonly before: number;
  readonly after: number;
}

/**
 * Which calendar dates are working days: a working week (ISO weekdays) minus dated
 * holidays. All arithmetic is on calendar dates, never on 24-hour spans, so neither the
 * server's time zone nor daylight saving can shift a result.
 *
 * Every operation takes constant time plus a binary search over the holidays, however
 * many days it moves: working days are numbered (whole weeks times working days per
 * week, minus the holidays before), so counting is a subtraction and moving n working
 * days is finding the day numbered n further on. The answers are those of a walk day by
 * day (working-calendar.spec.ts checks them against one).
 *
 * @example
 * const jp = new WorkingCalendar([1, 2, 3, 4, 5], ['2026-01-01']);
 * jp.subtractWorkingDays('2026-01-05', 1); // '2025-12-31' (skips the weekend and New Year)
 */
export class WorkingCalendar {
  private readonly week: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;
  /** Working weekdays per week. */
  private readonly perWeek: number;
  /** `weekdaysBefore[r]`: working weekdays among the first r days of a week (Monday first), r = 0..7. */
  private readonly weekdaysBefore: readonly number[];
  /** `weekdayOffsets[i]`: the day of the week (0 = Monday) of the week's i-th working weekday. */
  private readonly weekdayOffsets: readonly number[];
  /** The holidays that fall on working weekdays, ascending, as day numbers... */
  private readonly holidayDays: readonly number[];
  /** ...and as their weekday rank (see weekdayRank). */
  private readonly holidayRanks: readonly number[];
  /** Stretches without a working day that a walk would have given up on; almost always none. */
  private readonly longGaps: readonly LongGap[];

  constructor(workingWeekdays: readonly IsoWeekday[], holidays: Iterable<CalendarDate> = []) {
    if (workingWeekdays.length === 0) {
      throw new InvariantViolationError('workingWeekdays', 'must name at least one working weekday');
    }
    if (!workingWeekdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
      throw new InvariantViolationError('workingWeekdays', 'must be ISO weekdays 1 (Monday) to 7 (Sunday)');
    }
    this.week = new Set(workingWeekdays);
    this.holidays = new Set([...holidays].map(toDayNumber));

    const offsets: number[] = [];
    const before: number[] = [0];
    for (let offset = 0; offset < 7; offset++) {
      if (this.week.has(offset + 1)) offsets.push(offset);
      before.push(offsets.length);
    }
    this.perWeek = offsets.length;
    this.weekdayOffsets = offsets;
    this.weekdaysBefore = before;

    // A holiday on a day off changes nothing; NaN (no date) is no weekday and drops out too.
    this.holidayDays = [...this.holidays]
      .filter((day) => this.week.has(isoWeekdayOfDayNumber(day)))
      .sort((a, b) => a - b);
    this.holidayRanks = this.holidayDays.map((day) => this.weekdayRank(day));
    this.longGaps = this.findLongGaps();
  }

  static standard(): WorkingCalendar {
    return new WorkingCalendar(STANDARD_WEEK);
  }

  /** The weekdays worked, ISO (1 = Monday), ascending. */
  get workingWeekdays(): IsoWeekday[] {
    return [1, 2, 3, 4, 5, 6, 7].filter((day) => this.week.has(day)) as IsoWeekday[];
  }

  /** The holidays from `from` to `to` (both included) that fall on a working weekday, ascending. */
  holidaysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
    const [start, end] = [toDayNumber(from), toDayNumber(to)];
    return this.holidayDays.filter((day) => day >= start && day <= end).map(fromDayNumber);
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** The date itself when it is a working day, else the closest working day before it. */
  onOrBefore(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.latestOnOrBefore(toDayNumber(date)));
  }

  /** The date itself when it is a working day, else the closest working day after it. */
  onOrAfter(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.earliestOnOrAfter(toDayNumber(date)));
  }

  /** The working day `count` working days after `date` (`count` 0: `onOrAfter(date)`). */
  addWorkingDays(date: CalendarDate, count: number): CalendarDate {
    assertCount(count);
    const from = this.earliestOnOrAfter(toDayNumber(date));
    const to = this.workingDayNumbered(this.workingDaysBefore(from) + count);
    // The walk stopped at the first long gap on its way.
    const gap = this.longGaps.find((g) => g.before >= from && g.after <= to);
    if (gap) throw noWorkingDayNear(gap.before);
    return fromDayNumber(to);
  }

  /** The working day `count` working days before `date` (`count` 0: `onOrBefore(date)`). */
  subtractWorkingDays(date: CalendarDate, count: number): CalendarDate {
    assertCount(count);
    const from = this.latestOnOrBefore(toDayNumber(date));
    const to = this.workingDayNumbered(this.workingDaysBefore(from) - count);
    const gap = this.longGaps.findLast((g) => g.before >= to && g.after <= from);
    if (gap) throw noWorkingDayNear(gap.after);
    return fromDayNumber(to);
  }

  /** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
  countWorkingDays(from: CalendarDate, to: CalendarDate): number {
    const start = toDayNumber(from);
    const end = toDayNumber(to);
    if (!(end >= start)) return 0;
    return this.workingDaysBefore(end + 1) - this.workingDaysBefore(start);
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

  /** `day` when it is a working day, else the working day before it. */
  private latestOnOrBefore(day: number): number {
    const found = this.workingDayNumbered(this.workingDaysBefore(day + 1) - 1);
    if (day - found >= SEARCH_LIMIT_DAYS) throw noWorkingDayNear(day);
    return found;
  }

  /** `day` when it is a working day, else the working day after it. */
  private earliestOnOrAfter(day: number): number {
    const found = this.workingDayNumbered(this.workingDaysBefore(day));
    if (found - day >= SEARCH_LIMIT_DAYS) throw noWorkingDayNear(day);
    return found;
  }

  /**
   * Working weekdays (holidays or not) from WEEK_ORIGIN up to `day` excluded; negative
   * before the origin. Increases by one after each working weekday.
   */
  private weekdayRank(day: number): number {
    const sinceOrigin = day - WEEK_ORIGIN;
    const weeks = Math.floor(sinceOrigin / 7);
    return weeks * this.perWeek + this.weekdaysBefore[sinceOrigin - weeks * 7]!;
  }

  /** The working weekday whose rank is `rank`. */
  private weekdayRanked(rank: number): number {
    const weeks = Math.floor(rank / this.perWeek);
    return WEEK_ORIGIN + weeks * 7 + this.weekdayOffsets[rank - weeks * this.perWeek]!;
  }

  /** Working days from WEEK_ORIGIN up to `day` excluded (negative before it): the working day's number. */
  private workingDaysBefore(day: number): number {
    return this.weekdayRank(day) - countBelow(this.holidayDays, day);
  }

  /** The working day `d` with `workingDaysBefore(d) === number`. */
  private workingDayNumbered(number: number): number {
    // The holiday at index i has `holidayRanks[i] - i` working days before it, which grows
    // with i; the holidays before the wanted day are those with at most `number` of them.
    let low = 0;
    let high = this.holidayRanks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.holidayRanks[mid]! - mid <= number) low = mid + 1;
      else high = mid;
    }
    return this.weekdayRanked(number + low);
  }

  /** Runs of holidays on consecutive working weekdays that leave over SEARCH_LIMIT_DAYS days between two working days. */
  private findLongGaps(): LongGap[] {
    const gaps: LongGap[] = [];
    const ranks = this.holidayRanks;
    for (let first = 0; first < ranks.length; ) {
      let last = first;
      while (last + 1 < ranks.length && ranks[last + 1] === ranks[last]! + 1) last++;
      const before = this.weekdayRanked(ranks[first]! - 1);
      const after = this.weekdayRanked(ranks[last]! + 1);
      if (after - before > SEARCH_LIMIT_DAYS) gaps.push({ before, after });
      first = last + 1;
    }
    return gaps;
  }
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new InvariantViolationError('workingDays', 'must be a whole number >= 0');
  }
}

function noWorkingDayNear(day: number): InvariantViolationError {
  return new InvariantViolationError(
    'calendar',
    `has no working day within ${SEARCH_LIMIT_DAYS} days of ${fromDayNumber(day)}`,
  );
}

/** How many of the ascending `values` are below `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return low;
}
