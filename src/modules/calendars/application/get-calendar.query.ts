import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import { CALENDAR_READ_MODEL, type CalendarReadModel } from './ports/calendar.read-model.js';

export interface GetCalendarCriteria {
  id: string;
  /** Only the holidays of this year; all of them when absent. */
  year?: number;
}

@Injectable()
export class GetCalendarQuery {
  constructor(@Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel) {}

  @LogUseCase({ success: 'debug' })
  async execute({ id, year }: GetCalendarCriteria): Promise<CalendarSnapshot> {
    const calendar = await this.reads.findById(id, { year });
    if (!calendar) throw new CalendarNotFoundError(id);
    return calendar;
  }
}
