import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { TypeOrmOutbox } from '../../../platform/jobs/typeorm-outbox.js';
import type { AuditRecord } from '../../../shared/domain/audit-record.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import { AUDITED_WRITES, type AuditedWrites } from '../../../shared/infrastructure/audited-writes.js';
import { updateVersioned } from '../../../platform/database/versioned-update.js';
import { Case } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import type { CaseRepository } from '../domain/case.repository.js';
import { caseInsertStatements, findCase, updateSteps } from './case.mapper.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/**
 * Cases and their steps. An insert is one statement, with its audit entry and follow-ups; an
 * update is two, so callers run it inside a @Transactional() use case: the case row and its
 * steps commit together or not at all.
 */
@Injectable()
export class TypeOrmCaseRepository implements CaseRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(AUDITED_WRITES) private readonly audited: AuditedWrites,
    private readonly outbox: TypeOrmOutbox,
  ) {}

  async findById(id: string): Promise<Case | null> {
    const snapshot = await findCase(this.txHost.tx, id);
    return snapshot ? Case.restore(snapshot) : null;
  }

  async insert(aCase: Case, audit: AuditRecord, followUps: readonly FollowUp[] = []): Promise<void> {
    const { write, steps } = caseInsertStatements(this.txHost.tx, aCase.snapshot());
    const messages = followUps.map((followUp) => this.outbox.insertAfter(followUp));
    await this.audited.run(this.txHost.tx, write, audit, [steps, ...messages]);
    if (messages.length > 0) this.outbox.written();
    aCase.markPersisted(1);
  }

  async update(aCase: Case): Promise<void> {
    const snapshot = aCase.snapshot();
    const { id, version, title, goalDate, status, updatedAt } = snapshot;
    const next = await updateVersioned(
      this.txHost.tx,
      CaseOrmEntity,
      { resource: 'case', id, version, notFound: () => new CaseNotFoundError(id) },
      { title, goalDate, status, updatedAt },
    );
    await updateSteps(this.txHost.tx, snapshot);
    aCase.markPersisted(next);
  }
}
