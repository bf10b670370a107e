import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarDate, type IsoWeekday, addDays, isoWeekdayOfDayNumber, toDayNumber } from './calendar-date.js';
import { InvariantViolationError } from './domain-error.js';
import { WorkingCalendar } from './working-calendar.js';

const d = (value: string) => value as CalendarDate;

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
