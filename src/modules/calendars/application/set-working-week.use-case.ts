import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CALENDAR_REPOSITORY, type CalendarRepository } from '../domain/calendar.repository.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';
import { type CalendarTarget, changeCalendar } from './change-calendar.js';

export interface SetWorkingWeekCommand extends CalendarTarget {
  workingWeekdays: readonly number[];
}

/** Replaces the working weekdays of a calendar (a six-day week, a Sunday-Thursday week). */
@Injectable()
export class SetWorkingWeekUseCase {
  constructor(
    @Inject(CALENDAR_REPOSITORY) readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: CalendarChangeNotifier,
    @Inject(AUDIT_TRAIL) readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: SetWorkingWeekCommand): Promise<CalendarSnapshot> {
    const { calendar, changed } = await changeCalendar(this, command, 'calendar.set_working_week', (c) =>
      c.setWorkingWeek(command.workingWeekdays, this.clock.now()),
    );
    if (changed) {
      this.notifier.changed(calendar.id, 'calendar_week_changed', {
        workingWeekdays: calendar.workingWeekdays,
      });
    }
    return calendar;
  }
}
