import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { TITLE_MAX, type TaskSnapshot } from '../domain/task.aggregate.js';
import type { TaskPriority } from '../domain/task-status.js';
import { TaskOrmEntity } from './task.orm-entity.js';

/**
 * The `task_tags` row: one tag of one task, with a copy of the task's columns that lists
 * sort on and that seldom change (all but `updated_at`), under the same names. A derived
 * copy of `tasks.tags`, there for reads: the planner keeps statistics per tag (so a rare or
 * unknown tag is estimated as rare, not guessed at 0.5% of the table), and an index per
 * order, `(tag, <the order's key>, task_id)`, serves `tag=` in that order, page after page,
 * whatever the tag's frequency:
 *   createdAt  IDX_task_tags_created    title     IDX_task_tags_title
 *   dueDate    IDX_task_tags_due_sort:      (tag, COALESCE(due_date, 'infinity'), task_id)
 *   priority   IDX_task_tags_priority_sort: (tag, array_position(ARRAY['low', 'medium',
 *              'high', 'urgent']::text[], priority::text), task_id)
 *
 * Nothing in the code writes it. Triggers of the migration that made it keep it in step with
 * `tasks` in the same statement as the task's own write: `task_tags_after_insert` (per
 * statement, set-based) and `task_tags_after_update` (per row, only when the tags or a copied
 * column changed: a status move touches nothing here); deleting a task deletes its rows
 * (ON DELETE CASCADE). `tasks.tags` stays the source, in the task's own order.
 */
@Entity({ name: 'task_tags' })
@Index('IDX_task_tags_created', ['tag', 'createdAt', 'taskId'])
@Index('IDX_task_tags_title', ['tag', 'title', 'taskId'])
@Index('IDX_task_tags_due_sort', { synchronize: false })
@Index('IDX_task_tags_priority_sort', { synchronize: false })
export class TaskTagOrmEntity implements Pick<TaskSnapshot, 'title' | 'priority' | 'dueDate' | 'createdAt'> {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'PK_task_tags' })
  taskId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_task_tags' })
  tag!: string;

  @Column({ type: 'varchar', length: TITLE_MAX })
  title!: string;

  @Column({ type: 'varchar', length: 10 })
  priority!: TaskPriority;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: CalendarDate | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => TaskOrmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_tags_task' })
  task?: TaskOrmEntity;
}
