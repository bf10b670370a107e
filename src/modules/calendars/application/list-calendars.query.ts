import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  CALENDAR_READ_MODEL,
  type CalendarListCriteria,
  type CalendarPage,
  type CalendarReadModel,
} from './ports/calendar.read-model.js';

@Injectable()
export class ListCalendarsQuery {
  constructor(@Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: CalendarListCriteria): Promise<CalendarPage> {
    return this.reads.list(criteria);
  }
}
