import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { auditChanges } from '../../../shared/application/audit-trail.js';
import { caseAuditView } from './case-audit.js';
import { caseEvents, stepAssignmentNotices } from './case-follow-ups.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { calendarDateOf } from '../../../shared/domain/calendar-date.js';
import type { ScheduleWarning } from '../domain/backward-scheduler.js';
import { Case, type CaseSnapshot, type StepSlack, slackOf } from '../domain/case.aggregate.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { CASE_CALENDARS, type CaseCalendars } from './ports/case-calendars.port.js';
import { CASE_TEMPLATES, type CaseTemplates } from './ports/case-templates.port.js';

export interface CreateCaseCommand {
  title: string;
  templateId: string;
  goalDate: string;
  calendarId: string;
  assignees?: Record<string, string>;
  createdBy?: string | null;
}

export interface CreatedCase {
  case: CaseSnapshot;
  criticalPath: readonly string[];
  slack: StepSlack[];
  warnings: readonly ScheduleWarning[];
}

/**
 * Starts a case from the template's latest version and plans all its steps. The case, its
 * steps, its audit entry (`case.create`), the e-mails of the steps' assignees and the events
 * subscribers hear (`case.created`, `step.assigned`) are written by one statement: atomic
 * without a transaction of its own; inside a caller's (an Idempotency-Key's) it joins it.
 */
@Injectable()
export class CreateCaseUseCase {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CASE_TEMPLATES) private readonly templates: CaseTemplates,
    @Inject(CASE_CALENDARS) private readonly calendars: CaseCalendars,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
    @Inject(EVENTS) private readonly publishedEvents: Events,
  ) {}

  @LogUseCase()
  async execute(command: CreateCaseCommand): Promise<CreatedCase> {
    const [template, calendar] = await Promise.all([
      this.templates.forNewCase(command.templateId),
      this.calendars.workingCalendar(command.calendarId),
    ]);
    const now = this.clock.now();
    const { case: started, schedule } = Case.start(
      randomUUID(),
      { ...command, templateVersion: template.version, templateSteps: template.steps },
      calendar,
      calendarDateOf(now),
      now,
    );
    await this.assignees.assertAssignable(
      Object.entries(command.assignees ?? {}).map(([key, userId]) => ({ field: `assignees.${key}`, userId })),
    );
    const planned = started.snapshot();
    await this.cases.insert(
      started,
      { action: 'case.create', resourceType: 'case', resourceId: planned.id, changes: auditChanges(null, caseAuditView(planned)) },
      [...stepAssignmentNotices(null, planned), ...(await this.publishedEvents.followUps(...caseEvents(null, planned)))],
    );
    const snapshot = started.snapshot();
    this.afterCommit.run(() =>
      this.events.record('case_created', {
        caseId: started.id,
        templateId: template.templateId,
        templateVersion: template.version,
        steps: template.steps.length,
        warnings: schedule.warnings.length,
      }),
    );
    return {
      case: snapshot,
      criticalPath: schedule.criticalPath,
      slack: slackOf(schedule),
      warnings: schedule.warnings,
    };
  }
}
