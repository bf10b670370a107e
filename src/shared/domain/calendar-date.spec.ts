import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, toCalendarDate } from './calendar-date.js';
import { InvariantViolationError } from './domain-error.js';

describe('calendar dates', () => {
  it.each(['2026-01-01', '2024-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['0000-01-01', '2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00:00Z', '', 'tomorrow'])(
    'refuses %j',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
      expect(() => toCalendarDate('dueDate', value)).toThrow(InvariantViolationError);
    },
  );

  it('accepts exactly the dates of the UTC calendar (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), (date) => {
        expect(isCalendarDate(date.toISOString().slice(0, 10))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
        expect(isCalendarDate(value)).toBe(d <= daysInMonth);
      }),
    );
  });
});
