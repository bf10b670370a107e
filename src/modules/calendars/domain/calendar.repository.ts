import type { Calendar } from './calendar.aggregate.js';

/**
 * Where calendars are kept, with their holidays. `update` is conditional on the version
 * the calendar was loaded at and raises StaleVersionError when someone else wrote first.
 */
export interface CalendarRepository {
  findById(id: string): Promise<Calendar | null>;
  /** Stores a new calendar; raises CalendarCodeTakenError when its code is in use. */
  insert(calendar: Calendar): Promise<void>;
  /** Saves a loaded calendar if it is still at its loaded version, and bumps the version. */
  update(calendar: Calendar): Promise<void>;
}

export const CALENDAR_REPOSITORY = Symbol('CalendarRepository');
