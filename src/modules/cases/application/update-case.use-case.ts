import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { caseAuditView } from './case-audit.js';
import { CaseCache } from './case-cache.js';
import { caseEvents, stepAssignmentNotices } from './case-follow-ups.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { OUTBOX, type Outbox } from '../../../shared/application/jobs.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { Case, CaseSnapshot, StepUpdate } from '../domain/case.aggregate.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { CaseNotFoundError, NotYourCaseError } from '../domain/case.errors.js';
import type { CaseStatus } from '../domain/case-status.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';

export interface UpdateCaseCommand {
  id: string;
  expectedVersions?: readonly number[];
  title?: string;
  status?: CaseStatus;
  /** One step's change, by key. */
  step?: { key: string } & StepUpdate;
  /** Absent for the system; with `ownOnly`, only their case, or a step assigned to them. */
  actor?: Actor;
}

/**
 * Renames a case, moves its status, or changes one step (status, assignee, pin). Without
 * If-Match a concurrent write is absorbed by re-applying the change to the fresh case. The
 * change's audit entry (`case.update`, `case.step_update`) is written in its transaction, with
 * a new assignee's e-mail and the events subscribers hear (`step.assigned`, `case.completed`).
 */
@Injectable()
export class UpdateCaseUseCase {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(EVENTS) private readonly publishedEvents: Events,
    private readonly cache: CaseCache,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: UpdateCaseCommand): Promise<CaseSnapshot> {
    const { id, expectedVersions } = command;
    const assigneeId = command.step?.assigneeId;
    if (assigneeId) await this.assignees.assertAssignable([{ field: 'assigneeId', userId: assigneeId }]);
    let before: CaseSnapshot | undefined;
    const { aggregate: aCase, changed } = await changeWithRetry({
      resource: 'case',
      id,
      expectedVersions,
      load: () => this.cases.findById(id),
      notFound: () => new CaseNotFoundError(id),
      change: (loaded) => {
        const { actor, step } = command;
        if (actor?.ownOnly && !(step ? loaded.isStepOwnedBy(step.key, actor.id) : loaded.isOwnedBy(actor.id))) {
          throw new NotYourCaseError(id);
        }
        before = loaded.snapshot();
        applyChanges(loaded, command, this.clock.now());
      },
      save: (loaded) => this.cases.update(loaded),
    });
    if (!changed) return aCase.snapshot();
    const snapshot = aCase.snapshot();
    await this.audit.record({
      action: command.step ? 'case.step_update' : 'case.update',
      resourceType: 'case',
      resourceId: id,
      changes: auditChanges(before ? caseAuditView(before) : null, caseAuditView(snapshot)),
    });
    this.afterCommit.run(() => this.cache.forget(id));
    if (before) {
      for (const { kind, data } of stepAssignmentNotices(before, snapshot)) await this.outbox.add(kind, data);
      await this.publishedEvents.publish(...caseEvents(before, snapshot));
    }
    this.afterCommit.run(() =>
      this.events.record(command.step ? 'case_step_updated' : 'case_updated', {
        caseId: snapshot.id,
        stepKey: command.step?.key,
        status: snapshot.status,
        version: snapshot.version,
      }),
    );
    return snapshot;
  }
}

function applyChanges(aCase: Case, command: UpdateCaseCommand, now: Date): void {
  if (command.title !== undefined) aCase.rename(command.title, now);
  if (command.status !== undefined) aCase.moveTo(command.status, now);
  if (command.step) {
    const { key, ...update } = command.step;
    aCase.updateStep(key, update, now);
  }
}
