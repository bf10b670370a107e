import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { Task } from '../domain/task.aggregate.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import type { TaskRepository } from '../domain/task.repository.js';
import {
  SELECT_TASK_BY_ID,
  TASK_COLUMNS,
  type TaskRow,
  toParameters,
  toSnapshot,
} from './task.mapper.js';

const INSERT = `INSERT INTO tasks (${TASK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
const UPDATE = `UPDATE tasks SET title = $2, description = $3, priority = $4, status = $5,
  due_date = $6, assignee_id = $7, tags = $8, updated_at = $9, version = version + 1
  WHERE id = $1 AND version = $10 RETURNING version`;
const DELETE = 'DELETE FROM tasks WHERE id = $1 AND ($2::int IS NULL OR version = $2)';
const SELECT_VERSION = 'SELECT version FROM tasks WHERE id = $1';

/**
 * Tasks in PostgreSQL. Plain SQL through the transaction host's EntityManager: the
 * statements join the caller's transaction when there is one, and each is a single
 * round trip when there is none.
 */
@Injectable()
export class TypeOrmTaskRepository implements TaskRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<Task | null> {
    const rows: TaskRow[] = await this.txHost.tx.query(SELECT_TASK_BY_ID, [id]);
    return rows[0] ? Task.restore(toSnapshot(rows[0])) : null;
  }

  async insert(task: Task): Promise<void> {
    const snapshot = task.snapshot();
    await this.txHost.tx.query(INSERT, [
      ...toParameters(snapshot),
      1,
      snapshot.createdAt,
      snapshot.updatedAt,
    ]);
    task.markPersisted(1);
  }

  async update(task: Task): Promise<void> {
    const snapshot = task.snapshot();
    const [rows]: [{ version: number }[], number] = await this.txHost.tx.query(UPDATE, [
      ...toParameters(snapshot),
      snapshot.updatedAt,
      snapshot.version,
    ]);
    if (rows[0]) {
      task.markPersisted(rows[0].version);
      return;
    }
    const current = await this.currentVersion(task.id);
    if (current === 0) throw new TaskNotFoundError(task.id);
    throw new StaleVersionError('task', task.id, snapshot.version, current);
  }

  async delete(id: string, expectedVersion?: number): Promise<boolean> {
    const [, deleted]: [unknown[], number] = await this.txHost.tx.query(DELETE, [
      id,
      expectedVersion ?? null,
    ]);
    if (deleted > 0) return true;
    if (expectedVersion === undefined) return false;
    const current = await this.currentVersion(id);
    if (current === 0) return false;
    throw new StaleVersionError('task', id, expectedVersion, current);
  }

  /** The stored version, or 0 when the task is gone. */
  private async currentVersion(id: string): Promise<number> {
    const rows: { version: number }[] = await this.txHost.tx.query(SELECT_VERSION, [id]);
    return rows[0]?.version ?? 0;
  }
}
