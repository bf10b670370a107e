import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskPriority, TaskStatus } from '../domain/task-status.js';

/**
 * The `tasks` table. The schema is owned by migrations; this class describes it so that
 * `migration:generate` can tell when the two drift apart. Indexes TypeORM cannot express
 * (expressions, GIN) are created by migrations and marked `synchronize: false` here.
 */
@Entity({ name: 'tasks' })
@Check('CHK_tasks_priority', `"priority" IN ('low', 'medium', 'high', 'urgent')`)
@Check('CHK_tasks_status', `"status" IN ('todo', 'in_progress', 'done', 'cancelled')`)
@Check('CHK_tasks_title', `char_length("title") BETWEEN 1 AND 200`)
@Check('CHK_tasks_description', `char_length("description") <= 10000`)
@Check('CHK_tasks_version', `"version" >= 1`)
@Index('IDX_tasks_created', ['createdAt', 'id'])
@Index('IDX_tasks_updated', ['updatedAt', 'id'])
@Index('IDX_tasks_assignee', ['assigneeId'])
@Index('IDX_tasks_due_sort', { synchronize: false })
@Index('IDX_tasks_tags', { synchronize: false })
export class TaskOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  priority!: TaskPriority;

  @Column({ type: 'varchar', length: 12 })
  status!: TaskStatus;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
