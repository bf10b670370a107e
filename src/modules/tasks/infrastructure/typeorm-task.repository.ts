import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditRecord } from '../../../shared/domain/audit-record.js';
import { AUDITED_WRITES, type AuditedWrites } from '../../../shared/infrastructure/audited-writes.js';
import { TypeOrmOutbox } from '../../../platform/jobs/typeorm-outbox.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import { storedVersion, updateVersioned } from '../../../platform/database/versioned-update.js';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import { Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import type { TaskRepository } from '../domain/task.repository.js';
import { findTask } from './task-rows.js';
import { TaskOrmEntity } from './task.orm-entity.js';

/**
 * Tasks in PostgreSQL. The snapshot is the row (same property names), written through
 * TypeORM's query builder on the transaction host's EntityManager: each write is one
 * statement that joins the caller's transaction when there is one.
 */
@Injectable()
export class TypeOrmTaskRepository implements TaskRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(AUDITED_WRITES) private readonly audited: AuditedWrites,
    private readonly outbox: TypeOrmOutbox,
  ) {}

  async findById(id: string): Promise<Task | null> {
    const row = await findTask(this.txHost.tx, id);
    return row ? Task.restore(row) : null;
  }

  async insert(task: Task, audit?: AuditRecord, followUps: readonly FollowUp[] = []): Promise<void> {
    const snapshot = task.snapshot();
    const row: TaskOrmEntity = { ...snapshot, tags: [...snapshot.tags], version: 1 };
    const query = this.txHost.tx.createQueryBuilder().insert().into(TaskOrmEntity).values(row).updateEntity(false).callListeners(false);
    if (audit) {
      const [sql, params] = query.getQueryAndParameters();
      const messages = followUps.map((followUp) => this.outbox.insertAfter(followUp));
      await this.audited.run(this.txHost.tx, { sql, params }, audit, messages);
      if (messages.length > 0) this.outbox.written();
    } else if (followUps.length > 0) {
      throw new Error('a task insert with follow-ups needs its audit entry: they are written in one statement');
    } else {
      await query.execute();
    }
    task.markPersisted(1);
  }

  async update(task: Task): Promise<void> {
    const { id, version, createdAt: _createdAt, tags, ...changes } = task.snapshot();
    const next = await updateVersioned(
      this.txHost.tx,
      TaskOrmEntity,
      { resource: 'task', id, version, notFound: () => new TaskNotFoundError(id) },
      { ...changes, tags: [...tags] },
    );
    task.markPersisted(next);
  }

  async delete(id: string, expectedVersions?: readonly number[]): Promise<TaskSnapshot | null> {
    const query = this.txHost.tx
      .createQueryBuilder()
      .delete()
      .from(TaskOrmEntity)
      .where('id = :id', { id })
      .returning(entityColumns(this.txHost.tx, TaskOrmEntity, 'tasks'))
      .callListeners(false);
    if (expectedVersions !== undefined) {
      query.andWhere('version = ANY(:versions)', { versions: [...expectedVersions] });
    }
    const [deleted] = (await query.execute()).raw as TaskSnapshot[];
    if (deleted) return deleted;
    if (expectedVersions === undefined) return null;
    const current = await storedVersion(this.txHost.tx, TaskOrmEntity, id);
    if (current === null) return null;
    throw new StaleVersionError('task', id, expectedVersions, current);
  }
}
