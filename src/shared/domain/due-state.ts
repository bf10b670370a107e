import { type CalendarDate, addDays } from './calendar-date.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * Whether an unfinished item due on `due` calls for a reminder on `today`: `overdue` once its
 * day has passed, `due_soon` from today to the `dueSoonDays`-th working day after it on its
 * calendar (none with 0), null otherwise.
 *
 * @example
 * dueStateOf('2026-12-04', '2026-12-01', WorkingCalendar.standard(), 2) // null: Thursday is after Wednesday
 */
export function dueStateOf(due: CalendarDate, today: CalendarDate, calendar: WorkingCalendar, dueSoonDays: number): 'due_soon' | 'overdue' | null {
  if (due < today) return 'overdue';
  if (dueSoonDays === 0) return null;
  let horizon: CalendarDate;
  try {
    horizon = calendar.addWorkingDays(today, dueSoonDays);
  } catch {
    // No working day near (a calendar of long holidays): nothing is due soon on it.
    return null;
  }
  return due <= horizon ? 'due_soon' : null;
}

/**
 * A date no item due soon on any calendar lies after: `dueSoonDays` working days are at most
 * a week each, plus a month of holidays. A source selects up to it and asks dueStateOf.
 */
export function dueSoonBound(today: CalendarDate, dueSoonDays: number): CalendarDate {
  return addDays(today, dueSoonDays * 7 + 31);
}
