import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import type { StepInstance } from '../domain/case.aggregate.js';
import { STEP_STATUSES, type StepStatus } from '../domain/case-status.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/**
 * The `case_steps` row: one step instance, with the template's step spec copied in. Its
 * properties are StepInstance's, plus the case and the step's place in the template.
 *
 * Indexes: IDX_case_steps_assignee_case finds the cases a person has a step in (the
 * `assigneeId` filter of case lists); IDX_case_steps_open_by_assignee (written in its
 * migration: an expression and a predicate) is one person's open steps in /me/work order,
 * `(assignee_id, due_date, (case_id::text || ':' || step_key)) WHERE status IN ('todo',
 * 'in_progress', 'blocked')`, the same SQL as the step branch of typeorm-my-work.read-model.ts;
 * IDX_case_steps_open_due is every open step by due date, what the daily reminders read.
 */
@Entity({ name: 'case_steps' })
@Check('CHK_case_steps_status', check.oneOf('status', STEP_STATUSES))
@Check('CHK_case_steps_dates', `"start_date" <= "due_date"`)
@Index('IDX_case_steps_assignee_case', ['assigneeId', 'caseId'])
@Index('IDX_case_steps_open_by_assignee', { synchronize: false })
@Index('IDX_case_steps_open_due', ['due', 'caseId', 'key'], { where: `"status" IN ('todo', 'in_progress', 'blocked')` })
export class CaseStepOrmEntity implements StepInstance {
  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'PK_case_steps' })
  caseId!: string;

  @PrimaryColumn({ name: 'step_key', type: 'varchar', length: 50, primaryKeyConstraintName: 'PK_case_steps' })
  key!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'duration_days', type: 'smallint' })
  durationDays!: number;

  @Column({ name: 'depends_on', type: 'text', array: true, default: () => "'{}'" })
  dependsOn!: string[];

  @Column({ name: 'lag_days', type: 'smallint' })
  lagDays!: number;

  @Column({ name: 'start_date', type: 'date' })
  start!: CalendarDate;

  @Column({ name: 'due_date', type: 'date' })
  due!: CalendarDate;

  @Column({ type: 'varchar', length: 12 })
  status!: StepStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  @ManyToOne(() => CaseOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_steps_case' })
  case?: CaseOrmEntity;
}
