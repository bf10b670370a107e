import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import type { Calendar, CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarRepository } from '../domain/calendar.repository.js';

export interface CalendarTarget {
  id: string;
  /** The version the client last saw (from If-Match); absent means "whatever is current". */
  expectedVersions?: readonly number[];
}

export interface CalendarChangeResult {
  calendar: CalendarSnapshot;
  /** False when the change was already in place and nothing was written. */
  changed: boolean;
}

/**
 * The write path every calendar change shares, run inside the caller's transaction:
 * load, apply, save if anything changed, re-applied to fresh state when another writer
 * won and the client named no version (see changeWithRetry).
 */
export async function changeCalendar(
  calendars: CalendarRepository,
  { id, expectedVersions }: CalendarTarget,
  change: (calendar: Calendar) => void,
): Promise<CalendarChangeResult> {
  const { aggregate, changed } = await changeWithRetry({
    resource: 'calendar',
    id,
    expectedVersions,
    load: () => calendars.findById(id),
    notFound: () => new CalendarNotFoundError(id),
    change,
    save: (calendar) => calendars.update(calendar),
  });
  return { calendar: aggregate.snapshot(), changed };
}
