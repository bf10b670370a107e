import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { caseAuditView } from './case-audit.js';
import { CaseCache } from './case-cache.js';
import { replanEvent } from './case-follow-ups.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { performance } from 'node:perf_hooks';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { assertExpectedVersion } from '../../../shared/application/expected-version.js';
import { msSince } from '../../../shared/application/elapsed.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { calendarDateOf } from '../../../shared/domain/calendar-date.js';
import type { CaseSnapshot, ReplanRequest, ReplanResult } from '../domain/case.aggregate.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { NotYourCaseError } from '../domain/case.errors.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { loadCaseWithCalendar } from './case-with-calendar.js';
import { CASE_CALENDARS, type CaseCalendars } from './ports/case-calendars.port.js';

export interface ReplanCaseCommand extends ReplanRequest {
  id: string;
  /** The version the client saw (If-Match); the plan is written only over that version. */
  expectedVersions?: readonly number[];
  /** Absent for the system; with `ownOnly`, only a case they started. */
  actor?: Actor;
}

export interface ReplannedCase extends ReplanResult {
  case: CaseSnapshot;
}

/**
 * Recomputes a case's plan for a new goal date and/or pins and writes it atomically, only
 * over the version the client saw, with its audit entry (`case.replan`) and `case.replanned`
 * for subscribers. PreviewReplanQuery
 * shows the same without writing.
 */
@Injectable()
export class ReplanCaseUseCase {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CASE_CALENDARS) private readonly calendars: CaseCalendars,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(EVENTS) private readonly publishedEvents: Events,
    private readonly cache: CaseCache,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: ReplanCaseCommand): Promise<ReplannedCase> {
    const started = performance.now();
    const { aCase, calendar } = await loadCaseWithCalendar(this.cases, this.calendars, command.id);
    assertExpectedVersion('case', command.id, command.expectedVersions, aCase.version);
    if (command.actor?.ownOnly && !aCase.isOwnedBy(command.actor.id)) throw new NotYourCaseError(command.id);
    const now = this.clock.now();
    const before = aCase.snapshot();
    const result = aCase.replan(command, calendar, calendarDateOf(now), now);
    if (aCase.hasChanges) {
      await this.cases.update(aCase);
      await this.audit.record({
        action: 'case.replan',
        resourceType: 'case',
        resourceId: aCase.id,
        changes: auditChanges(caseAuditView(before), caseAuditView(aCase.snapshot())),
      });
      this.afterCommit.run(() => this.cache.forget(aCase.id));
      await this.publishedEvents.publish(replanEvent(aCase.snapshot(), result.changedSteps.map((change) => change.stepKey)));
    }
    const duration = msSince(started);
    this.afterCommit.run(() =>
      this.events.record('replan_completed', {
        caseId: aCase.id,
        changedSteps: result.changedSteps.map((change) => change.stepKey),
        goalDate: result.goalDate.to,
        algorithm: result.algorithm,
        duration,
      }),
    );
    return { ...result, case: aCase.snapshot() };
  }
}
