import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import type { TaskPriority, TaskStatus } from '../domain/task-status.js';

/** A `tasks` row as `pg` returns it (dates as strings, see data-source.factory.ts). */
export interface TaskRow {
  id: string;
  title: string;
  description: string;
  priority: TaskPriority;
  status: TaskStatus;
  due_date: string | null;
  assignee_id: string | null;
  tags: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const TASK_COLUMNS =
  'id, title, description, priority, status, due_date, assignee_id, tags, version, created_at, updated_at';

export const SELECT_TASK_BY_ID = `SELECT ${TASK_COLUMNS} FROM tasks WHERE id = $1`;

export function toSnapshot(row: TaskRow): TaskSnapshot {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    dueDate: row.due_date as CalendarDate | null,
    assigneeId: row.assignee_id,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The values of every column but `version`, in TASK_COLUMNS order. */
export function toParameters(task: TaskSnapshot): unknown[] {
  return [
    task.id,
    task.title,
    task.description,
    task.priority,
    task.status,
    task.dueDate,
    task.assigneeId,
    task.tags,
  ];
}
