import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { CASE_TITLE_MAX, type CaseSnapshot } from '../domain/case.aggregate.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/case-status.js';

/**
 * The `cases` row, described once (migrations are generated from it); its properties are the
 * snapshot's but the steps. Each list order has its index (sort key, then id); a template's
 * cases come newest first from IDX_cases_template_created.
 */
@Entity({ name: 'cases' })
@Check('CHK_cases_status', check.oneOf('status', CASE_STATUSES))
@Check('CHK_cases_title', check.lengthBetween('title', 1, CASE_TITLE_MAX))
@Check('CHK_cases_version', `"version" >= 1`)
@Index('IDX_cases_created', ['createdAt', 'id'])
@Index('IDX_cases_goal', ['goalDate', 'id'])
@Index('IDX_cases_template_created', ['templateId', 'createdAt', 'id'])
export class CaseOrmEntity implements Omit<CaseSnapshot, 'steps'> {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_cases' })
  id!: string;

  @Column({ type: 'varchar', length: CASE_TITLE_MAX })
  title!: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion!: number;

  @Column({ name: 'calendar_id', type: 'uuid' })
  calendarId!: string;

  @Column({ name: 'goal_date', type: 'date' })
  goalDate!: CalendarDate;

  @Column({ type: 'varchar', length: 12 })
  status!: CaseStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
