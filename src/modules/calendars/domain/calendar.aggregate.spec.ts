import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarDate,
  isoWeekdayOfDayNumber,
  toDayNumber,
} from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { Calendar, type NewCalendar } from './calendar.aggregate.js';
import { HolidayNotFoundError } from './calendar.errors.js';

const T0 = new Date('2026-11-24T09:00:00Z');
const T1 = new Date('2026-11-24T10:00:00Z');
const newCalendar = (input: Partial<NewCalendar> = {}) =>
  Calendar.create('cal-1', { code: 'JP', name: 'Japan', ...input }, T0);
const stored = (input: Partial<NewCalendar> = {}) =>
  Calendar.restore({ ...newCalendar(input).snapshot(), version: 3 });
const d = (date: string) => date as CalendarDate;

/** The field an InvariantViolationError names, or the error's class name. */
function refusal(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    if (error instanceof InvariantViolationError) return error.fields[0]!.field;
    return (error as Error).name;
  }
  return 'accepted';
}

describe('Calendar.create', () => {
  it('applies the Monday-Friday default and sorts holidays by date', () => {
    const calendar = newCalendar({
      name: '  Japan ',
      holidays: [{ date: '2026-01-02', name: ' Bank holiday ' }, { date: '2026-01-01' }],
    });
    expect(calendar.snapshot()).toEqual({
      id: 'cal-1',
      version: 0,
      code: 'JP',
      name: 'Japan',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [
        { date: '2026-01-01', name: null },
        { date: '2026-01-02', name: 'Bank holiday' },
      ],
      createdAt: T0,
      updatedAt: T0,
    });
  });

  it('de-duplicates and sorts the working week', () => {
    expect(newCalendar({ workingWeekdays: [6, 1, 3, 1] }).snapshot().workingWeekdays).toEqual([1, 3, 6]);
  });

  it.each([
    [{ code: '' }, 'code'],
    [{ code: '-JP' }, 'code'],
    [{ code: 'J P' }, 'code'],
    [{ code: 'x'.repeat(41) }, 'code'],
    [{ name: '  ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ workingWeekdays: [] }, 'workingWeekdays'],
    [{ workingWeekdays: [0, 1] }, 'workingWeekdays'],
    [{ workingWeekdays: [8] }, 'workingWeekdays'],
    [{ workingWeekdays: [1.5] }, 'workingWeekdays'],
    [{ holidays: [{ date: '2026-02-29' }] }, 'holidays'],
    [{ holidays: [{ date: '0000-01-01' }] }, 'holidays'],
    [{ holidays: [{ date: '2026-01-01', name: 'x'.repeat(101) }] }, 'holidays'],
    [{ holidays: [{ date: '2026-01-01' }, { date: '2026-01-01', name: 'again' }] }, 'holidays'],
  ])('refuses %o naming %s', (input, field) => {
    expect(refusal(() => newCalendar(input))).toBe(field);
  });

  it('accepts codes such as JP, US and acme-2026 up to 40 characters', () => {
    for (const code of ['JP', 'US', 'acme-2026', 'a_b', '7', 'x'.repeat(40)]) {
      expect(newCalendar({ code }).code).toBe(code);
    }
  });
});

describe('Calendar.setWorkingWeek', () => {
  it('replaces the week and records the time', () => {
    const calendar = stored();
    calendar.setWorkingWeek([6, 5, 4, 3, 2, 1], T1);
    expect(calendar.snapshot()).toMatchObject({ workingWeekdays: [1, 2, 3, 4, 5, 6], updatedAt: T1 });
    expect(calendar.hasChanges).toBe(true);
  });

  it('is no change for the same days in another order', () => {
    const calendar = stored();
    calendar.setWorkingWeek([5, 4, 3, 2, 1, 1], T1);
    expect(calendar.hasChanges).toBe(false);
    expect(calendar.snapshot().updatedAt).toBe(T0);
  });

  it('refuses an empty week and keeps the old one', () => {
    const calendar = stored();
    expect(refusal(() => calendar.setWorkingWeek([], T1))).toBe('workingWeekdays');
    expect(calendar.snapshot().workingWeekdays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('Calendar holidays', () => {
  it('adds holidays, renames an existing date, and reports only what changed', () => {
    const calendar = stored({ holidays: [{ date: '2026-01-01', name: 'New Year' }, { date: '2026-05-05' }] });
    calendar.addHolidays(
      [{ date: '2026-01-01', name: 'Ganjitsu' }, { date: '2026-05-05' }, { date: '2026-01-02' }],
      T1,
    );
    expect(calendar.snapshot().holidays).toEqual([
      { date: '2026-01-01', name: 'Ganjitsu' },
      { date: '2026-01-02', name: null },
      { date: '2026-05-05', name: null },
    ]);
    expect(calendar.holidayChanges()).toEqual({
      saved: [
        { date: '2026-01-01', name: 'Ganjitsu' },
        { date: '2026-01-02', name: null },
      ],
      removed: [],
    });
  });

  it('is no change when every holiday is already there with its name', () => {
    const calendar = stored({ holidays: [{ date: '2026-01-01', name: 'New Year' }] });
    calendar.addHolidays([{ date: '2026-01-01', name: ' New Year' }], T1);
    expect(calendar.hasChanges).toBe(false);
  });

  it('refuses a date twice in one call, naming it, and changes nothing', () => {
    const calendar = stored();
    expect(() =>
      calendar.addHolidays([{ date: '2026-01-01' }, { date: '2026-01-02' }, { date: '2026-01-01' }], T1),
    ).toThrow('holidays lists 2026-01-01 more than once');
    expect(calendar.snapshot().holidays).toEqual([]);
    expect(calendar.hasChanges).toBe(false);
  });

  it('refuses more than 1000 holidays in one call', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ date: addDays(d('2026-01-01'), i) }));
    expect(refusal(() => stored().addHolidays(many, T1))).toBe('holidays');
    expect(refusal(() => stored().addHolidays(many.slice(1), T1))).toBe('accepted');
  });

  it('removes a holiday, and refuses one that is not there', () => {
    const calendar = stored({ holidays: [{ date: '2026-01-01' }] });
    calendar.removeHoliday('2026-01-01', T1);
    expect(calendar.snapshot().holidays).toEqual([]);
    expect(calendar.holidayChanges()).toEqual({ saved: [], removed: ['2026-01-01'] });
    expect(() => calendar.removeHoliday('2026-01-01', T1)).toThrow(HolidayNotFoundError);
    expect(refusal(() => calendar.removeHoliday('2026-13-01', T1))).toBe('date');
  });

  it('forgets its pending changes once saved', () => {
    const calendar = stored();
    calendar.addHolidays([{ date: '2026-01-01' }], T1);
    calendar.markPersisted(4);
    expect(calendar.hasChanges).toBe(false);
    expect(calendar.holidayChanges()).toEqual({ saved: [], removed: [] });
    expect(calendar.version).toBe(4);
  });
});

describe('Calendar.toWorkingCalendar', () => {
  it('skips the JP New Year holidays and the weekend', () => {
    const calendar = newCalendar({
      holidays: ['2026-01-01', '2026-01-02', '2026-01-03'].map((date) => ({ date })),
    });
    expect(calendar.toWorkingCalendar().workingDaysBetween(d('2025-12-31'), d('2026-01-06'))).toEqual([
      '2025-12-31',
      '2026-01-05',
      '2026-01-06',
    ]);
  });
});

// Any sequence of intents keeps the invariants, and the calendar agrees with a plain model.
describe('Calendar invariants (property)', () => {
  const date = fc.integer({ min: 0, max: 60 }).map((offset) => addDays(d('2026-01-01'), offset));
  const name = fc.option(fc.constantFrom('A', 'B', 'New Year'), { nil: undefined });
  const command = fc.oneof(
    fc.record({ kind: fc.constant('week' as const), days: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 9 }) }),
    fc.record({
      kind: fc.constant('add' as const),
      holidays: fc.uniqueArray(fc.record({ date, name }), { selector: (h) => h.date, maxLength: 5 }),
    }),
    fc.record({ kind: fc.constant('remove' as const), date }),
  );

  it('hold after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const calendar = stored();
        const model = new Map<string, string | null>();
        let week = new Set([1, 2, 3, 4, 5]);
        for (const c of commands) {
          if (c.kind === 'week') {
            calendar.setWorkingWeek(c.days, T1);
            week = new Set(c.days);
          } else if (c.kind === 'add') {
            calendar.addHolidays(c.holidays, T1);
            for (const h of c.holidays) model.set(h.date, h.name ?? null);
          } else if (model.has(c.date)) {
            calendar.removeHoliday(c.date, T1);
            model.delete(c.date);
          } else {
            expect(() => calendar.removeHoliday(c.date, T1)).toThrow(HolidayNotFoundError);
          }
        }
        const snapshot = calendar.snapshot();
        expect(snapshot.workingWeekdays).toEqual([...week].sort());
        expect(snapshot.holidays).toEqual(
          [...model.keys()].sort().map((key) => ({ date: key, name: model.get(key) })),
        );
        const working = calendar.toWorkingCalendar();
        for (let offset = 0; offset <= 60; offset++) {
          const day = addDays(d('2026-01-01'), offset);
          expect(working.isWorkingDay(day)).toBe(week.has(isoWeekdayOfDayNumber(toDayNumber(day))) && !model.has(day));
        }
      }),
    );
  });

  it('persists exactly the difference to the loaded state', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const before = stored({ holidays: [{ date: '2026-01-05' }, { date: '2026-01-10', name: 'A' }] });
        const loaded = new Map(before.snapshot().holidays.map((h) => [h.date, h.name]));
        for (const c of commands) {
          if (c.kind === 'add') before.addHolidays(c.holidays, T1);
          if (c.kind === 'remove' && before.snapshot().holidays.some((h) => h.date === c.date)) {
            before.removeHoliday(c.date, T1);
          }
        }
        // Applying the changes to the loaded rows gives the current holidays.
        const { saved, removed } = before.holidayChanges();
        for (const date of removed) loaded.delete(date);
        for (const h of saved) loaded.set(h.date, h.name);
        expect([...loaded.entries()].sort()).toEqual(before.snapshot().holidays.map((h) => [h.date, h.name]));
      }),
    );
  });
});
