import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '../domain/case-status.js';

/** The `cases` table; migrations own the schema, this describes it for drift checks. */
@Entity({ name: 'cases' })
@Check('CHK_cases_status', `"status" IN ('open', 'in_progress', 'on_hold', 'completed', 'cancelled')`)
@Check('CHK_cases_title', `char_length("title") BETWEEN 1 AND 200`)
@Check('CHK_cases_version', `"version" >= 1`)
@Index('IDX_cases_created', ['createdAt', 'id'])
@Index('IDX_cases_goal', ['goalDate', 'id'])
@Index('IDX_cases_template', ['templateId'])
export class CaseOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_cases' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion!: number;

  @Column({ name: 'calendar_id', type: 'uuid' })
  calendarId!: string;

  @Column({ name: 'goal_date', type: 'date' })
  goalDate!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: CaseStatus;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
