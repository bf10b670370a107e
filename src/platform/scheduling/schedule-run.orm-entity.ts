import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../database/checks.js';

export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * `schedule_runs`: one row per tick of a scheduled job that some replica claimed. The
 * unique (job, scheduled_at) is the claim: a second replica's insert finds the row and
 * skips, even after the first released its lock.
 */
@Entity({ name: 'schedule_runs' })
@Index('UQ_schedule_runs_tick', ['job', 'scheduledAt'], { unique: true })
@Check('CHK_schedule_runs_status', check.oneOf('status', RUN_STATUSES))
export class ScheduleRunOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_schedule_runs' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  job!: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 12 })
  status!: RunStatus;

  @Column({ type: 'integer', nullable: true })
  items!: number | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Which process ran it (host and pid). */
  @Column({ type: 'varchar', length: 200 })
  instance!: string;
}
