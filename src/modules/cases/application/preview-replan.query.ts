import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { calendarDateOf } from '../../../shared/domain/calendar-date.js';
import type { ReplanRequest } from '../domain/case.aggregate.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { loadCaseWithCalendar } from './case-with-calendar.js';
import { CASE_CALENDARS, type CaseCalendars } from './ports/case-calendars.port.js';
import type { ReplannedCase } from './replan-case.use-case.js';

export interface PreviewReplanCommand extends ReplanRequest {
  id: string;
}

/** What a replan would change (diff, critical path, slack, warnings); writes nothing. */
@Injectable()
export class PreviewReplanQuery {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CASE_CALENDARS) private readonly calendars: CaseCalendars,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase({ success: 'debug' })
  async execute(command: PreviewReplanCommand): Promise<ReplannedCase> {
    const { aCase, calendar } = await loadCaseWithCalendar(this.cases, this.calendars, command.id);
    const result = aCase.previewReplan(command, calendar, calendarDateOf(this.clock.now()));
    return { ...result, case: aCase.snapshot() };
  }
}
