import type { AuditRecord } from '../../../shared/domain/audit-record.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import type { Task, TaskSnapshot } from './task.aggregate.js';

/**
 * Where tasks are kept. Writes are conditional on the version the task was loaded at:
 * `update` and `delete` raise StaleVersionError when someone else wrote first.
 */
export interface TaskRepository {
  findById(id: string): Promise<Task | null>;
  /**
   * Stores a new task; with `audit`, its audit entry and its follow-ups (outbox messages) in the
   * same statement (atomic without a transaction).
   */
  insert(task: Task, audit?: AuditRecord, followUps?: readonly FollowUp[]): Promise<void>;
  /** Saves a loaded task if it is still at its loaded version, and bumps the version. */
  update(task: Task): Promise<void>;
  /** Deletes a task; with `expectedVersions`, only if it is at one of them. Returns what was deleted, null when absent. */
  delete(id: string, expectedVersions?: readonly number[]): Promise<TaskSnapshot | null>;
}

export const TASK_REPOSITORY = Symbol('TaskRepository');
