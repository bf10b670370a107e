import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CALENDAR_REPOSITORY, type CalendarRepository } from '../domain/calendar.repository.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';
import { type CalendarTarget, changeCalendar } from './change-calendar.js';

export interface RemoveHolidayCommand extends CalendarTarget {
  date: string;
}

/** Takes a holiday off a calendar: that date becomes a working day again if its weekday is one. */
@Injectable()
export class RemoveHolidayUseCase {
  constructor(
    @Inject(CALENDAR_REPOSITORY) readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: CalendarChangeNotifier,
    @Inject(AUDIT_TRAIL) readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: RemoveHolidayCommand): Promise<CalendarSnapshot> {
    const { calendar } = await changeCalendar(this, command, 'calendar.remove_holiday', (c) =>
      c.removeHoliday(command.date, this.clock.now()),
    );
    this.notifier.changed(calendar.id, 'holiday_removed', { date: command.date });
    return calendar;
  }
}
