import { type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
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
 * A calendar as its audit entries compare it: its own fields, and each holiday as one
 * field `holidays.<date>` (its name), so that an entry lists the dates a change touched,
 * not the whole list.
 */
export function calendarAuditView(snapshot: CalendarSnapshot): Record<string, unknown> {
  const { holidays, ...fields } = snapshot;
  return { ...fields, ...Object.fromEntries(holidays.map((holiday) => [`holidays.${holiday.date}`, holiday.name ?? ''])) };
}

/**
 * The write path every calendar change shares, run inside the caller's transaction:
 * load, apply, save if anything changed (with its audit entry, `action`), re-applied to
 * fresh state when another writer won and the client named no version (see
 * changeWithRetry).
 */
export async function changeCalendar(
  { calendars, audit }: { calendars: CalendarRepository; audit: AuditTrail },
  { id, expectedVersions }: CalendarTarget,
  action: string,
  change: (calendar: Calendar) => void,
): Promise<CalendarChangeResult> {
  let before: CalendarSnapshot | undefined;
  const { aggregate, changed } = await changeWithRetry({
    resource: 'calendar',
    id,
    expectedVersions,
    load: () => calendars.findById(id),
    notFound: () => new CalendarNotFoundError(id),
    change: (calendar) => {
      before = calendar.snapshot();
      change(calendar);
    },
    save: (calendar) => calendars.update(calendar),
  });
  const after = aggregate.snapshot();
  if (changed && before) {
    await audit.record({ action, resourceType: 'calendar', resourceId: id, changes: auditChanges(calendarAuditView(before), calendarAuditView(after)) });
  }
  return { calendar: after, changed };
}
