import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { StepStatus } from '../domain/case-status.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/** The `case_steps` table: one row per step instance, with the template's step spec copied in. */
@Entity({ name: 'case_steps' })
@Check('CHK_case_steps_status', `"status" IN ('todo', 'in_progress', 'blocked', 'done', 'skipped')`)
@Check('CHK_case_steps_dates', `"start_date" <= "due_date"`)
@Index('IDX_case_steps_assignee_due', ['assigneeId', 'dueDate'])
export class CaseStepOrmEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'PK_case_steps' })
  caseId!: string;

  @PrimaryColumn({ name: 'step_key', type: 'varchar', length: 50, primaryKeyConstraintName: 'PK_case_steps' })
  stepKey!: string;

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
  startDate!: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: StepStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  @ManyToOne(() => CaseOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_steps_case' })
  case!: CaseOrmEntity;
}
