import { Injectable } from '@nestjs/common';
import type { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { WorkingCalendarProvider } from '../../calendars/application/working-calendar.provider.js';
import type { CaseCalendars } from '../application/ports/case-calendars.port.js';

/** Cases read working days through the calendars module's cached provider. */
@Injectable()
export class ProviderCaseCalendars implements CaseCalendars {
  constructor(private readonly provider: WorkingCalendarProvider) {}

  workingCalendar(calendarId: string): Promise<WorkingCalendar> {
    return this.provider.get(calendarId);
  }
}
