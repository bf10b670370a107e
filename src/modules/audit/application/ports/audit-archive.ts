import type { Page } from '../../../../shared/application/page.js';

export const ARCHIVE_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ArchiveRunStatus = (typeof ARCHIVE_RUN_STATUSES)[number];
export const ARCHIVE_TRIGGERS = ['schedule', 'manual'] as const;
export type ArchiveTrigger = (typeof ARCHIVE_TRIGGERS)[number];

/** A month the archive moved out of the database. */
export interface ArchivedMonth {
  month: string;
  rows: number;
  file: string;
  sha256: string;
  /** How it left the table: its partition dropped, or its rows deleted from the default partition. */
  removal: 'partition_dropped' | 'rows_deleted';
  rowsPerSecond: number;
}

export interface ArchiveRunView {
  id: string;
  trigger: ArchiveTrigger;
  status: ArchiveRunStatus;
  cutoff: Date;
  startedAt: Date;
  finishedAt: Date | null;
  rowsArchived: number;
  months: ArchivedMonth[];
  error: string | null;
}

/** What a dry run finds: the months older than the retention, and their entries. */
export interface ArchivePlan {
  cutoff: Date;
  months: { month: string; rows: number }[];
}

export type ArchiveStart =
  | { started: true; run: ArchiveRunView }
  | { started: false; reason: 'locked' | 'claimed' | 'running' };

/** The monthly audit archive, run by the schedule runner or on demand. */
export interface AuditArchive {
  plan(): Promise<ArchivePlan>;
  /** Runs now, through the schedule runner (one run at a time across replicas); resolves when it has finished. */
  runNow(): Promise<ArchiveStart>;
  runs(page: { cursor?: string; limit: number }): Promise<Page<ArchiveRunView>>;
}

export const AUDIT_ARCHIVE = Symbol('AuditArchive');

/** What putting one archive file back did. */
export interface RestoreOutcome {
  month: string;
  /** Rows in the file. */
  rows: number;
  /** Rows it put back; the others were in the table already. */
  inserted: number;
}

/** Puts archived months back: a file, checked against its manifest first, all or nothing. */
export interface AuditArchiveRestore {
  restore(file: string): Promise<RestoreOutcome>;
}

export const AUDIT_ARCHIVE_RESTORE = Symbol('AuditArchiveRestore');
