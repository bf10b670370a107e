import type { Page } from '../../../../shared/application/page.js';
import type { TaskSnapshot } from '../../domain/task.aggregate.js';
import type { TaskPriority, TaskStatus } from '../../domain/task-status.js';

export const TASK_SORT_FIELDS = ['createdAt', 'updatedAt', 'dueDate', 'priority', 'title'] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

export interface TaskSort {
  field: TaskSortField;
  direction: 'asc' | 'desc';
}

export interface TaskListCriteria {
  status?: readonly TaskStatus[];
  priority?: readonly TaskPriority[];
  assigneeId?: string;
  /** Due strictly before this date. */
  dueBefore?: string;
  /** Due strictly after this date. */
  dueAfter?: string;
  tag?: string;
  /** Case-insensitive text contained in the title. */
  text?: string;
  sort: TaskSort;
  limit: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string;
}

export type TaskPage = Page<TaskSnapshot>;

/** Reads for screens and lists; never used to decide a write. */
export interface TaskReadModel {
  findById(id: string): Promise<TaskSnapshot | null>;
  list(criteria: TaskListCriteria): Promise<TaskPage>;
}

export const TASK_READ_MODEL = Symbol('TaskReadModel');
