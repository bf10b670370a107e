import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { ARCHIVE_RUN_STATUSES, ARCHIVE_TRIGGERS, type ArchivedMonth, type ArchiveRunStatus, type ArchiveRunView, type ArchiveTrigger } from '../application/ports/audit-archive.js';

/** `audit_archive_runs`: one row per archive run, updated after each month it finishes (its progress). */
@Entity({ name: 'audit_archive_runs' })
@Check('CHK_audit_archive_runs_status', check.oneOf('status', ARCHIVE_RUN_STATUSES))
@Check('CHK_audit_archive_runs_trigger', check.oneOf('trigger', ARCHIVE_TRIGGERS))
@Index('IDX_audit_archive_runs_started', ['startedAt', 'id'])
export class AuditArchiveRunOrmEntity implements ArchiveRunView {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_audit_archive_runs' })
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  trigger!: ArchiveTrigger;

  @Column({ type: 'varchar', length: 12 })
  status!: ArchiveRunStatus;

  /** Entries older than this instant were to be archived. */
  @Column({ type: 'timestamptz' })
  cutoff!: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'rows_archived', type: 'integer', default: 0 })
  rowsArchived!: number;

  /** Each month finished so far: its file, rows and checksum. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  months!: ArchivedMonth[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
