import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { calendarDateOf } from '../../../shared/domain/calendar-date.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { loadCaseWithCalendar } from './case-with-calendar.js';
import { CASE_CALENDARS, type CaseCalendars } from './ports/case-calendars.port.js';

export interface CasePlan {
  case: CaseSnapshot;
  /** The steps of the stored plan with the least slack from today. */
  criticalPath: readonly string[];
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
    return { case: aCase.snapshot(), criticalPath: aCase.criticalPath(calendar, calendarDateOf(this.clock.now())) };
  }
}
