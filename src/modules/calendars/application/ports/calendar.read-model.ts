import type { Page } from '../../../../shared/application/page.js';
import type { IsoWeekday } from '../../../../shared/domain/calendar-date.js';
import type { CalendarSnapshot } from '../../domain/calendar.aggregate.js';

export interface CalendarListCriteria {
  /** Case-insensitive text contained in the code or the name. */
  text?: string;
  limit: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string;
}

/** A calendar in a list: everything but the holidays themselves. */
export interface CalendarSummary {
  readonly id: string;
  readonly version: number;
  readonly code: string;
  readonly name: string;
  readonly workingWeekdays: readonly IsoWeekday[];
  readonly holidayCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type CalendarPage = Page<CalendarSummary>;

/** Reads for screens, lists and the working-day provider; never used to decide a write. */
export interface CalendarReadModel {
  /** The calendar with its holidays; with `year`, only the holidays of that year. */
  findById(id: string, options?: { year?: number }): Promise<CalendarSnapshot | null>;
  /** Calendars in code order. */
  list(criteria: CalendarListCriteria): Promise<CalendarPage>;
}

export const CALENDAR_READ_MODEL = Symbol('CalendarReadModel');
