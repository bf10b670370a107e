import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CaseSnapshot, StepUpdate } from '../domain/case.aggregate.js';
import type { CaseStatus } from '../domain/case-status.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';
import { CaseLoader } from './case-loader.js';

export interface UpdateCaseCommand {
  id: string;
  expectedVersion?: number;
  title?: string;
  status?: CaseStatus;
  /** One step's change, by key. */
  step?: { key: string } & StepUpdate;
}

/** Renames a case, moves its status, or changes one step (status, assignee, pin). */
@Injectable()
export class UpdateCaseUseCase {
  constructor(
    private readonly loader: CaseLoader,
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: UpdateCaseCommand): Promise<CaseSnapshot> {
    const aCase = await this.loader.load(command.id, command.expectedVersion);
    const now = this.clock.now();
    if (command.title !== undefined) aCase.rename(command.title, now);
    if (command.status !== undefined) aCase.moveTo(command.status, now);
    if (command.step) {
      const { key, ...update } = command.step;
      aCase.updateStep(key, update, now);
    }
    if (!aCase.hasChanges) return aCase.snapshot();
    await this.cases.update(aCase);
    const snapshot = aCase.snapshot();
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
