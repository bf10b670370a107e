import type { WorkingCalendar } from '../../../../shared/domain/working-calendar.js';

/** The working days a case is planned over; raises a not-found domain error for an unknown id. */
export interface CaseCalendars {
  workingCalendar(calendarId: string): Promise<WorkingCalendar>;
}

export const CASE_CALENDARS = Symbol('CaseCalendars');
