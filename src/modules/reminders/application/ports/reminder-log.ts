import type { CalendarDate } from '../../../../shared/domain/calendar-date.js';

/** Which items were reminded of on which day. */
export interface ReminderLog {
  /** Records `keys` as reminded of on `day`, in the caller's transaction: the keys that were not yet. */
  claim(keys: readonly string[], day: CalendarDate): Promise<Set<string>>;
}

export const REMINDER_LOG = Symbol('ReminderLog');
