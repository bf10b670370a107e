import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { DESCRIPTION_MAX, TITLE_MAX, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '../domain/task-status.js';

/**
 * The `tasks` row, described once: columns, checks and indexes live here, migrations are
 * generated from it (`npm run migration:generate`) and CI fails when the two drift apart.
 * Its properties are the snapshot's, so a row read by property name (entityColumns) is a
 * TaskSnapshot and a snapshot is a row to write. Indexes TypeORM cannot express
 * (expressions, GIN) are written in migrations and marked `synchronize: false` here.
 *
 * Every list order has an index on exactly its sort key's SQL, then the id (see ORDERS in
 * typeorm-task.read-model.ts), so that a page and its cursor condition are one index range:
 *   -createdAt/createdAt  IDX_tasks_created; with assigneeId IDX_tasks_assignee_created;
 *                         with tag, task_tags' indexes (see task-tag.orm-entity.ts)
 *   updatedAt             IDX_tasks_updated
 *   dueDate               IDX_tasks_due_sort: (COALESCE(due_date, 'infinity'), id), with the
 *                         dueBefore/dueAfter filters written on the same expression; with
 *                         assigneeId IDX_tasks_assignee_due: (assignee_id, that expression, id)
 *   (due filters in any other order: IDX_tasks_due, on (due_date, created_at, id) where
 *   there is a due date: the default order's page of ids from the index alone, however
 *   many tasks match)
 *   priority              IDX_tasks_priority_sort: (array_position(ARRAY['low', 'medium',
 *                         'high', 'urgent']::text[], priority::text), id)
 *   title                 IDX_tasks_title
 *   q                     IDX_tasks_title_trgm: GIN (title gin_trgm_ops), for ILIKE '%…%'
 *   /me/work              IDX_tasks_open_by_assignee: (assignee_id, COALESCE(due_date,
 *                         'infinity'), (id::text)) WHERE status IN ('todo', 'in_progress')
 *   reminders             IDX_tasks_open_due: (due_date, id) of the open tasks with a due date
 * An expression index serves a query only while the query says the same expression: change
 * one, change the other (a test in test/tasks.e2e-spec.ts checks that no list sorts).
 */
@Entity({ name: 'tasks' })
@Check('CHK_tasks_priority', check.oneOf('priority', TASK_PRIORITIES))
@Check('CHK_tasks_status', check.oneOf('status', TASK_STATUSES))
@Check('CHK_tasks_title', check.lengthBetween('title', 1, TITLE_MAX))
@Check('CHK_tasks_description', check.lengthAtMost('description', DESCRIPTION_MAX))
@Check('CHK_tasks_version', `"version" >= 1`)
@Index('IDX_tasks_created', ['createdAt', 'id'])
@Index('IDX_tasks_updated', ['updatedAt', 'id'])
@Index('IDX_tasks_title', ['title', 'id'])
@Index('IDX_tasks_assignee_created', ['assigneeId', 'createdAt', 'id'])
@Index('IDX_tasks_due', ['dueDate', 'createdAt', 'id'], { where: '"due_date" IS NOT NULL' })
@Index('IDX_tasks_due_sort', { synchronize: false })
@Index('IDX_tasks_assignee_due', { synchronize: false })
@Index('IDX_tasks_priority_sort', { synchronize: false })
@Index('IDX_tasks_title_trgm', { synchronize: false })
@Index('IDX_tasks_open_by_assignee', { synchronize: false })
@Index('IDX_tasks_open_due', ['dueDate', 'id'], { where: `"status" IN ('todo', 'in_progress') AND "due_date" IS NOT NULL` })
export class TaskOrmEntity implements TaskSnapshot {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: TITLE_MAX })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  priority!: TaskPriority;

  @Column({ type: 'varchar', length: 12 })
  status!: TaskStatus;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: CalendarDate | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
