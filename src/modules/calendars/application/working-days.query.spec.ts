import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { InvalidDateRangeError } from '../domain/calendar.errors.js';
import type { WorkingCalendarProvider } from './working-calendar.provider.js';
import { WorkingDaysQuery } from './working-days.query.js';

const provider = {
  get: async () => new WorkingCalendar([1, 2, 3, 4, 5], ['2026-01-01' as CalendarDate]),
} as unknown as WorkingCalendarProvider;
const query = (from: string, to: string) =>
  new WorkingDaysQuery(provider).execute({ calendarId: 'c1', from: from as CalendarDate, to: to as CalendarDate });

describe('WorkingDaysQuery', () => {
  it('lists the working days of the range, both ends included', async () => {
    expect(await query('2025-12-31', '2026-01-05')).toEqual({
      calendarId: 'c1',
      from: '2025-12-31',
      to: '2026-01-05',
      count: 3,
      days: ['2025-12-31', '2026-01-02', '2026-01-05'],
    });
  });

  it('answers up to 366 days and refuses 367, naming to', async () => {
    expect((await query('2024-01-01', '2024-12-31')).count).toBe(262);
    await expect(query('2024-01-01', '2025-01-01')).rejects.toMatchObject({
      fields: [{ field: 'to', message: 'must be at most 366 days from from, both included' }],
    });
  });

  it('refuses a range that ends before it starts', async () => {
    await expect(query('2026-01-02', '2026-01-01')).rejects.toBeInstanceOf(InvalidDateRangeError);
  });
});
