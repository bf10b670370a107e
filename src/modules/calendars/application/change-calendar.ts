import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import type { Calendar, CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarRepository } from '../domain/calendar.repository.js';

export interface CalendarTarget {
  id: string;
  /** The version the client last saw (from If-Match); absent means "whatever is current". */
  expectedVersion?: number;
}

export interface CalendarChangeResult {
  calendar: CalendarSnapshot;
  /** False when the change was already in place and nothing was written. */
  changed: boolean;
}

/** How often a write without If-Match is retried on fresh state before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * The write path every calendar change shares, run inside the caller's transaction:
 * load, apply, save if anything changed. With an expected version a concurrent write is
 * the client's problem (stale version); without one the change is re-applied to the
 * fresh calendar, so that two writers never overwrite each other's holidays.
 */
export async function changeCalendar(
  calendars: CalendarRepository,
  { id, expectedVersion }: CalendarTarget,
  change: (calendar: Calendar) => void,
): Promise<CalendarChangeResult> {
  for (let attempt = 1; ; attempt++) {
    const calendar = await calendars.findById(id);
    if (!calendar) throw new CalendarNotFoundError(id);
    if (expectedVersion !== undefined && calendar.version !== expectedVersion) {
      throw new StaleVersionError('calendar', id, expectedVersion, calendar.version);
    }
    change(calendar);
    if (!calendar.hasChanges) return { calendar: calendar.snapshot(), changed: false };
    try {
      await calendars.update(calendar);
      return { calendar: calendar.snapshot(), changed: true };
    } catch (error) {
      const retry =
        error instanceof StaleVersionError && expectedVersion === undefined && attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}
