import { Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { type CalendarDate, toDayNumber } from '../../../shared/domain/calendar-date.js';
import { InvalidDateRangeError } from '../domain/calendar.errors.js';
import { WorkingCalendarProvider } from './working-calendar.provider.js';

/** The longest range one query answers: a leap year, so any calendar year fits. */
export const WORKING_DAYS_RANGE_MAX = 366;

export interface WorkingDaysCriteria {
  calendarId: string;
  from: CalendarDate;
  /** Included. */
  to: CalendarDate;
}

export interface WorkingDays {
  calendarId: string;
  from: CalendarDate;
  to: CalendarDate;
  count: number;
  days: CalendarDate[];
}

/** The working days of a calendar in a date range, read through the working-calendar cache. */
@Injectable()
export class WorkingDaysQuery {
  constructor(private readonly workingCalendars: WorkingCalendarProvider) {}

  @LogUseCase({ success: 'debug' })
  async execute({ calendarId, from, to }: WorkingDaysCriteria): Promise<WorkingDays> {
    const length = toDayNumber(to) - toDayNumber(from) + 1;
    if (length < 1) throw new InvalidDateRangeError('to', 'must not be before from');
    if (length > WORKING_DAYS_RANGE_MAX) {
      throw new InvalidDateRangeError('to', `must be at most ${WORKING_DAYS_RANGE_MAX} days from from, both included`);
    }
    const calendar = await this.workingCalendars.get(calendarId);
    const days = calendar.workingDaysBetween(from, to);
    return { calendarId, from, to, count: days.length, days };
  }
}
