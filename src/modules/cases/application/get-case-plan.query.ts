import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { type CalendarDate, type IsoWeekday, calendarDateOf } from '../../../shared/domain/calendar-date.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { loadCaseWithCalendar } from './case-with-calendar.js';
import { CASE_CALENDARS, type CaseCalendars } from './ports/case-calendars.port.js';

export interface CasePlan {
  case: CaseSnapshot;
  /** The steps of the stored plan with the least slack from today. */
  criticalPath: readonly string[];
  /** What the plan does not work on: the calendar's days off, and its holidays from the first step's start to the goal. */
  daysOff: { weekdays: IsoWeekday[]; holidays: CalendarDate[] };
  /** The day the critical path was read on. */
  today: CalendarDate;
}

/** The stored plan of a case with its critical path, for exports (the Gantt chart). */
@Injectable()
export class GetCasePlanQuery {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CASE_CALENDARS) private readonly calendars: CaseCalendars,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<CasePlan> {
    const { aCase, calendar } = await loadCaseWithCalendar(this.cases, this.calendars, id);
    const snapshot = aCase.snapshot();
    const starts = snapshot.steps.map((step) => step.start).sort();
    const from = starts[0] ?? snapshot.goalDate;
    const worked = new Set(calendar.workingWeekdays);
    const today = calendarDateOf(this.clock.now());
    return {
      case: snapshot,
      today,
      criticalPath: aCase.criticalPath(calendar, today),
      daysOff: {
        weekdays: ([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]).filter((day) => !worked.has(day)),
        holidays: calendar.holidaysBetween(from, snapshot.goalDate > from ? snapshot.goalDate : from),
      },
    };
  }
}
