import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CALENDAR_REPOSITORY, type CalendarRepository } from '../domain/calendar.repository.js';
import type { HolidayInput } from '../domain/holiday.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';
import { type CalendarTarget, changeCalendar } from './change-calendar.js';

export interface AddHolidaysCommand extends CalendarTarget {
  holidays: readonly HolidayInput[];
}

/** Adds holidays to a calendar; a date it already has gets the name given now. */
@Injectable()
export class AddHolidaysUseCase {
  constructor(
    @Inject(CALENDAR_REPOSITORY) readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: CalendarChangeNotifier,
    @Inject(AUDIT_TRAIL) readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: AddHolidaysCommand): Promise<CalendarSnapshot> {
    const { calendar, changed } = await changeCalendar(this, command, 'calendar.add_holidays', (c) =>
      c.addHolidays(command.holidays, this.clock.now()),
    );
    if (changed) {
      // The dates, not the list: one call may carry a thousand of them.
      const dates = command.holidays.map((holiday) => holiday.date).sort();
      this.notifier.changed(calendar.id, 'holidays_added', {
        count: dates.length,
        first: dates[0],
        last: dates.at(-1),
      });
    }
    return calendar;
  }
}
