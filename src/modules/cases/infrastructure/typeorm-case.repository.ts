import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { updateVersioned } from '../../../platform/database/versioned-update.js';
import { Case } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import type { CaseRepository } from '../domain/case.repository.js';
import { findCase, insertCase, updateSteps } from './case.mapper.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/**
 * Cases and their steps. An insert is one statement; an update is two, so callers run it
 * inside a @Transactional() use case: the case row and its steps commit together or not at all.
 */
@Injectable()
export class TypeOrmCaseRepository implements CaseRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<Case | null> {
    const snapshot = await findCase(this.txHost.tx, id);
    return snapshot ? Case.restore(snapshot) : null;
  }

  async insert(aCase: Case): Promise<void> {
    await insertCase(this.txHost.tx, aCase.snapshot());
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
