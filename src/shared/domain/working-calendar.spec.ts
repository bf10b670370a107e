import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  type IsoWeekday,
  addDays,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  toDayNumber,
} from './calendar-date.js';
import { InvariantViolationError } from './domain-error.js';
import { WorkingCalendar } from './working-calendar.js';

const d = (value: string) => value as CalendarDate;

/** Fixed seed by default so that failures replay; fast-check prints the seed and path on failure. */
const runs = { numRuns: 500, seed: Number(process.env.FC_SEED ?? 20261124) };

const dateArb = fc
  .integer({ min: toDayNumber(d('2000-01-01')), max: toDayNumber(d('2040-12-31')) })
  .map((n) => addDays(d('1970-01-01'), n));
const weekArb = fc.subarray<IsoWeekday>([1, 2, 3, 4, 5, 6, 7], { minLength: 1 });
const calendarArb = fc
  .tuple(weekArb, fc.array(dateArb, { maxLength: 40 }))
  .map(([week, holidays]) => new WorkingCalendar(week, holidays));

describe('calendar date arithmetic', () => {
  it('knows the weekday of known dates', () => {
    expect(isoWeekdayOfDayNumber(toDayNumber(d('2026-11-24')))).toBe(2); // a Tuesday
    expect(isoWeekdayOfDayNumber(toDayNumber(d('1970-01-01')))).toBe(4);
    expect(isoWeekdayOfDayNumber(toDayNumber(d('1969-12-28')))).toBe(7);
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
  });
});

describe('WorkingCalendar', () => {
  const jp = new WorkingCalendar([1, 2, 3, 4, 5], [d('2026-01-01'), d('2026-01-02')]);

  it('skips weekends and holidays', () => {
    expect(jp.isWorkingDay(d('2026-01-01'))).toBe(false);
    expect(jp.isWorkingDay(d('2026-01-03'))).toBe(false);
    expect(jp.isWorkingDay(d('2026-01-05'))).toBe(true);
    expect(jp.onOrBefore(d('2026-01-04'))).toBe('2025-12-31');
    expect(jp.onOrAfter(d('2026-01-01'))).toBe('2026-01-05');
    expect(jp.subtractWorkingDays(d('2026-01-05'), 1)).toBe('2025-12-31');
    expect(jp.addWorkingDays(d('2025-12-31'), 1)).toBe('2026-01-05');
    expect(jp.countWorkingDays(d('2025-12-29'), d('2026-01-09'))).toBe(8);
  });

  it('refuses a week without working days, or with days that are no weekday', () => {
    expect(() => new WorkingCalendar([])).toThrow(InvariantViolationError);
    expect(() => new WorkingCalendar([0 as IsoWeekday])).toThrow(InvariantViolationError);
    expect(() => new WorkingCalendar([8 as IsoWeekday])).toThrow(InvariantViolationError);
  });

  it('lands on working days, and undoes itself (property)', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 60 }), (calendar, date, n) => {
        const back = calendar.subtractWorkingDays(date, n);
        const forward = calendar.addWorkingDays(date, n);
        expect(calendar.isWorkingDay(back)).toBe(true);
        expect(calendar.isWorkingDay(forward)).toBe(true);
        expect(back <= date && date <= forward).toBe(true);
        expect(calendar.countWorkingDays(back, calendar.onOrBefore(date))).toBe(n + 1);
        expect(calendar.addWorkingDays(back, n)).toBe(calendar.onOrBefore(date));
      }),
    );
  });

  it('gives the same answers in any time zone (property)', () => {
    // Arithmetic works on day numbers from the ISO text; nothing reads the local zone.
    const zones = ['Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'];
    const original = process.env.TZ;
    try {
      fc.assert(
        fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 30 }), (calendar, date, n) => {
          const answers = zones.map((zone) => {
            process.env.TZ = zone;
            return [calendar.subtractWorkingDays(date, n), calendar.addWorkingDays(date, n), isoWeekdayOfDayNumber(toDayNumber(date))];
          });
          for (const answer of answers) expect(answer).toEqual(answers[0]);
        }),
        { numRuns: 50 },
      );
    } finally {
      process.env.TZ = original;
    }
  });
});

// ---- the arithmetic against a walk day by day ----

const SEARCH_LIMIT_DAYS = 3_660;

/** The calendar as it was: walks one day at a time. The reference the arithmetic must match. */
class WalkingCalendar {
  private readonly week: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;

  constructor(workingWeekdays: readonly IsoWeekday[], holidays: Iterable<CalendarDate>) {
    this.week = new Set(workingWeekdays);
    this.holidays = new Set([...holidays].map(toDayNumber));
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  onOrBefore(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.seek(toDayNumber(date), -1, true));
  }

  onOrAfter(date: CalendarDate): CalendarDate {
    return fromDayNumber(this.seek(toDayNumber(date), 1, true));
  }

  addWorkingDays(date: CalendarDate, count: number): CalendarDate {
    return fromDayNumber(this.step(toDayNumber(date), count, 1));
  }

  subtractWorkingDays(date: CalendarDate, count: number): CalendarDate {
    return fromDayNumber(this.step(toDayNumber(date), count, -1));
  }

  countWorkingDays(from: CalendarDate, to: CalendarDate): number {
    let count = 0;
    for (let day = toDayNumber(from), end = toDayNumber(to); day <= end; day++) {
      if (this.isWorkingDayNumber(day)) count++;
    }
    return count;
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

/** What a call answers, or the error it raises (class and message). */
function outcome<T>(run: () => T): { value: T } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: `${error.constructor.name}: ${error.message}` };
  }
}

const day = (n: number) => fromDayNumber(n);

/**
 * A calendar, days and counts around a base day. Holidays cluster near it (whole weeks
 * off, holidays on days off, duplicates), dates fall inside and outside the cluster, and
 * counts run from negative (refused) through 0 to more than a year of working days. Base
 * days from 1600 to 2400 put the origin of the week arithmetic (1969) on either side.
 */
const scenarioArb = fc
  .record({
    base: fc.integer({ min: toDayNumber(d('1600-01-01')), max: toDayNumber(d('2400-12-31')) }),
    week: weekArb,
    holidays: fc.array(fc.integer({ min: -400, max: 400 }), { maxLength: 300 }),
    runs: fc.array(fc.tuple(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 40 })), { maxLength: 3 }),
    dates: fc.array(fc.integer({ min: -600, max: 600 }), { minLength: 2, maxLength: 6 }),
    counts: fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, week, holidays, runs: blocks, dates, counts }) => ({
    week,
    holidays: [
      ...holidays.map((offset) => day(base + offset)),
      // Runs of days off in a row, weekends included.
      ...blocks.flatMap(([offset, length]) => Array.from({ length }, (_, i) => day(base + offset + i))),
    ],
    dates: dates.map((offset) => day(base + offset)),
    counts,
  }));

function expectSameAnswers(
  fast: WorkingCalendar,
  walk: WalkingCalendar,
  dates: readonly CalendarDate[],
  counts: readonly number[],
) {
  for (const date of dates) {
    expect(fast.isWorkingDay(date)).toBe(walk.isWorkingDay(date));
    expect(outcome(() => fast.onOrBefore(date))).toEqual(outcome(() => walk.onOrBefore(date)));
    expect(outcome(() => fast.onOrAfter(date))).toEqual(outcome(() => walk.onOrAfter(date)));
    for (const count of counts) {
      expect(outcome(() => fast.addWorkingDays(date, count)), `add ${count} to ${date}`).toEqual(
        outcome(() => walk.addWorkingDays(date, count)),
      );
      expect(outcome(() => fast.subtractWorkingDays(date, count)), `subtract ${count} from ${date}`).toEqual(
        outcome(() => walk.subtractWorkingDays(date, count)),
      );
    }
    for (const other of dates) {
      expect(fast.countWorkingDays(date, other), `count ${date}..${other}`).toBe(walk.countWorkingDays(date, other));
    }
  }
}

describe('WorkingCalendar arithmetic, against a walk day by day', () => {
  it('answers what the walk answers (property)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ week, holidays, dates, counts }) => {
        expectSameAnswers(new WorkingCalendar(week, holidays), new WalkingCalendar(week, holidays), dates, counts);
      }),
      runs,
    );
  });

  it('refuses fractional and infinite counts like the walk', () => {
    const fast = new WorkingCalendar([1, 2, 3, 4, 5]);
    const walk = new WalkingCalendar([1, 2, 3, 4, 5], []);
    for (const count of [1.5, -0.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(outcome(() => fast.addWorkingDays(d('2026-01-05'), count))).toEqual(
        outcome(() => walk.addWorkingDays(d('2026-01-05'), count)),
      );
      expect(outcome(() => fast.subtractWorkingDays(d('2026-01-05'), count))).toEqual(
        outcome(() => walk.subtractWorkingDays(d('2026-01-05'), count)),
      );
    }
  });

  it('gives up where the walk gave up: over ten years without a working day (property)', () => {
    // Every day of a stretch just under, at or over the walk's limit is a holiday.
    const longGapArb = fc
      .record({
        base: fc.integer({ min: toDayNumber(d('1900-01-01')), max: toDayNumber(d('2100-12-31')) }),
        length: fc.integer({ min: SEARCH_LIMIT_DAYS - 8, max: SEARCH_LIMIT_DAYS + 8 }),
        week: weekArb,
        holidays: fc.array(fc.integer({ min: -60, max: SEARCH_LIMIT_DAYS + 60 }), { maxLength: 20 }),
        dates: fc.array(
          fc.oneof(fc.integer({ min: -30, max: 30 }), fc.integer({ min: SEARCH_LIMIT_DAYS - 30, max: SEARCH_LIMIT_DAYS + 30 })),
          { minLength: 2, maxLength: 5 },
        ),
        counts: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }),
      })
      .map(({ base, length, week, holidays, dates, counts }) => ({
        week,
        holidays: [
          ...Array.from({ length }, (_, i) => day(base + i)),
          ...holidays.map((offset) => day(base + offset)),
        ],
        dates: dates.map((offset) => day(base + offset)),
        counts,
      }));
    let refused = 0;
    fc.assert(
      fc.property(longGapArb, ({ week, holidays, dates, counts }) => {
        const walk = new WalkingCalendar(week, holidays);
        expectSameAnswers(new WorkingCalendar(week, holidays), walk, dates, counts);
        if (dates.some((date) => 'error' in outcome(() => walk.onOrAfter(date)))) refused++;
      }),
      { ...runs, numRuns: 60 },
    );
    // The generator does reach the walk's limit.
    expect(refused).toBeGreaterThan(0);
  });
});
