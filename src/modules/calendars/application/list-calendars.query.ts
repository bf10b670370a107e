import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_READ_MODEL,
  type CalendarListCriteria,
  type CalendarPage,
  type CalendarReadModel,
} from './ports/calendar.read-model.js';

@Injectable()
export class ListCalendarsQuery {
  constructor(@Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel) {}

  execute(criteria: CalendarListCriteria): Promise<CalendarPage> {
    return this.reads.list(criteria);
  }
}
