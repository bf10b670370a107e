import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarDate, addDays, fromDayNumber, toDayNumber } from './calendar-date.js';
import { dueSoonBound, dueStateOf } from './due-state.js';
import { WorkingCalendar } from './working-calendar.js';

const standard = WorkingCalendar.standard();
const day = (date: string) => date as CalendarDate;

describe('dueStateOf', () => {
  it('is overdue once the due day has passed, due soon up to the Nth working day after today, else nothing', () => {
    // Tuesday 2026-12-01, 2 working days: up to Thursday.
    expect(dueStateOf(day('2026-11-30'), day('2026-12-01'), standard, 2)).toBe('overdue');
    expect(dueStateOf(day('2026-12-01'), day('2026-12-01'), standard, 2)).toBe('due_soon');
    expect(dueStateOf(day('2026-12-03'), day('2026-12-01'), standard, 2)).toBe('due_soon');
    expect(dueStateOf(day('2026-12-04'), day('2026-12-01'), standard, 2)).toBeNull();
    // Friday: the weekend does not count, so Tuesday is 2 working days away.
    expect(dueStateOf(day('2026-12-08'), day('2026-12-04'), standard, 2)).toBe('due_soon');
    expect(dueStateOf(day('2026-12-09'), day('2026-12-04'), standard, 2)).toBeNull();
    // A holiday on Wednesday pushes "soon" to Friday.
    const withHoliday = new WorkingCalendar([1, 2, 3, 4, 5], [day('2026-12-02')]);
    expect(dueStateOf(day('2026-12-04'), day('2026-12-01'), withHoliday, 2)).toBe('due_soon');
  });

  it('with 0 days reminds of overdue items only', () => {
    expect(dueStateOf(day('2026-12-01'), day('2026-12-01'), standard, 0)).toBeNull();
    expect(dueStateOf(day('2026-11-01'), day('2026-12-01'), standard, 0)).toBe('overdue');
  });

  it('never calls an item due soon past the bound sources select to, nor one due later than one that is not', () => {
    const date = fc.integer({ min: toDayNumber(day('2020-01-01')), max: toDayNumber(day('2035-12-31')) }).map(fromDayNumber);
    const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((days) => days as (1 | 2 | 3 | 4 | 5 | 6 | 7)[]);
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 10 }), weekdays, (today, ahead, n, week) => {
        const calendar = new WorkingCalendar(week);
        const due = addDays(today, ahead);
        const state = dueStateOf(due, today, calendar, n);
        if (state === 'due_soon') expect(due <= dueSoonBound(today, n)).toBe(true);
        if (state === null) expect(dueStateOf(addDays(due, 1), today, calendar, n)).toBeNull();
        expect(state).not.toBe('overdue');
      }),
    );
  });
});
