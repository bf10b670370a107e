import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { ScheduleRunner } from '../../../platform/scheduling/schedule-runner.js';
import type { JobTick } from '../../../platform/scheduling/scheduled-job.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import type { Page } from '../../../shared/application/page.js';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../../shared/infrastructure/sql-conditions.js';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { ArchivedMonth, ArchivePlan, ArchiveRunView, ArchiveStart, AuditArchive } from '../application/ports/audit-archive.js';
import {
  ArchiveWriter,
  MANIFEST_FORMAT,
  type ArchiveManifest,
  archivePaths,
  matchesManifest,
  readArchive,
  readManifest,
  writeManifest,
} from './archive-files.js';
import { AuditArchiveRunOrmEntity } from './audit-archive-run.orm-entity.js';
import { type Month, AuditPartitions, addMonths, monthOf, monthRange, partitionOf } from './audit-partitions.js';

export const AUDIT_ARCHIVE_JOB = 'audit-archive';

/** The flag the append-only trigger lets DELETE through with, set only inside the removal's transaction. */
const ARCHIVE_FLAG = `SET LOCAL process_todo.audit_archive = 'on'`;

interface MonthStats {
  rows: number;
  firstId: string | null;
  lastId: string | null;
}

const NEWEST_FIRST = keysetOrder<ArchiveRunView>(
  '-startedAt',
  sortKey.timestamp('r.started_at', (run) => run.startedAt),
  sortKey.uuid('r.id', (run) => run.id),
);

/**
 * The monthly archive of the audit log (SPEC-JOB-2). Each month older than
 * AUDIT_RETENTION_MONTHS whole months is, in turn:
 *   1. exported in batches, in (occurred_at, id) order, into a gzip NDJSON file written as
 *      `.partial`, flushed and fsynced, renamed into place;
 *   2. read back whole and verified (row count, first and last id and time, sha256), and
 *      described by a manifest written durably beside it;
 *   3. removed in one transaction that first checks the table still holds exactly the
 *      manifest's rows: its month partition dropped, or (a month that landed in the default
 *      partition) exactly those rows deleted under the archive's flag;
 *   4. recorded as done in the run's row.
 * A crash at any moment loses nothing (rows leave the table only after their file and
 * manifest are durable) and, once the next run has finished, duplicates nothing: a month
 * whose manifest matches both its file and the table skips straight to step 3.
 */
@Injectable()
export class AuditArchiver implements AuditArchive, OnModuleInit {
  private readonly logger = new Logger('AuditArchive');
  private lastRun: ArchiveRunView | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ScheduleRunner,
    private readonly partitions: AuditPartitions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.register({ name: AUDIT_ARCHIVE_JOB, cron: this.config.jobs.auditArchiveCron, run: (tick) => this.archive(tick) });
  }

  private get dir(): string {
    return resolve(this.config.auditArchive.dir);
  }

  /** Entries before this instant are archived: the start of the month AUDIT_RETENTION_MONTHS before this one. */
  cutoff(now: Date): Date {
    return monthRange(addMonths(monthOf(now), -this.config.auditArchive.retentionMonths)).from;
  }

  async plan(): Promise<ArchivePlan> {
    const cutoff = this.cutoff(this.clock.now());
    const months: { month: string; rows: number }[] = await this.dataSource.query(
      `SELECT to_char(date_trunc('month', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS rows
       FROM audit_logs WHERE occurred_at < $1 GROUP BY 1 ORDER BY 1`,
      [cutoff],
    );
    return { cutoff, months };
  }

  async runNow(): Promise<ArchiveStart> {
    this.lastRun = null;
    const outcome = await this.runner.runNow(AUDIT_ARCHIVE_JOB);
    if (!outcome.ran) return { started: false, reason: outcome.reason };
    if (!this.lastRun) throw new Error(outcome.error ?? 'the archive run recorded nothing');
    return { started: true, run: this.lastRun };
  }

  runs(page: { cursor?: string; limit: number }): Promise<Page<ArchiveRunView>> {
    const where = new SqlConditions();
    return keysetPage(NEWEST_FIRST, page, where, (tail) =>
      this.dataSource.query(`SELECT ${entityColumns(this.dataSource.manager, AuditArchiveRunOrmEntity, 'r')} FROM audit_archive_runs r ${tail}`, where.params),
    );
  }

  /** One run: every month before the cutoff, oldest first; a month that fails stops the run (the next one resumes it). */
  async archive(tick: JobTick): Promise<{ items: number }> {
    const now = this.clock.now();
    // The months ahead get their partitions on every run too (a replica may have run for months).
    await this.partitions.ensureAhead(now);
    const { cutoff, months } = await this.plan();
    const run: AuditArchiveRunOrmEntity = {
      id: randomUUID(),
      trigger: tick.manual ? 'manual' : 'schedule',
      status: 'running',
      cutoff,
      startedAt: now,
      finishedAt: null,
      rowsArchived: 0,
      months: [],
      error: null,
    };
    await this.dataSource.getRepository(AuditArchiveRunOrmEntity).insert(run);
    this.lastRun = run;
    this.logger.log({ message: `archiving ${months.length} month(s) of audit entries before ${cutoff.toISOString()}`, event: 'audit_archive_started', runId: run.id, months });
    try {
      await this.removeAbandonedFiles();
      for (const { month } of months) {
        const done = await this.archiveMonth(month, run.id);
        run.months.push(done);
        run.rowsArchived += done.rows;
        await this.save(run);
      }
      run.status = 'succeeded';
    } catch (error) {
      run.status = 'failed';
      run.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      run.finishedAt = this.clock.now();
      await this.save(run);
    }
    return { items: run.rowsArchived };
  }

  private async archiveMonth(month: Month, runId: string): Promise<ArchivedMonth> {
    const started = performance.now();
    const paths = archivePaths(this.dir, month);
    const stats = await this.statsOf(this.dataSource.manager, month);
    let manifest = await readManifest(paths.manifest);
    if (manifest && !(await this.stillDescribes(manifest, paths.data, stats))) manifest = null;
    if (!manifest) manifest = await this.export(month, runId, paths);
    const removal = await this.remove(month, manifest);
    const seconds = (performance.now() - started) / 1000;
    const rowsPerSecond = Math.round(manifest.rows / Math.max(seconds, 0.001));
    this.logger.log({
      message: `archived ${manifest.rows} audit entries of ${month} (${removal.replace('_', ' ')}), ${rowsPerSecond} rows/s`,
      event: 'audit_archive_month',
      runId,
      month,
      rows: manifest.rows,
      rowsPerSecond,
      file: manifest.file,
    });
    return { month, rows: manifest.rows, file: manifest.file, sha256: manifest.sha256, removal, rowsPerSecond };
  }

  /**
   * Whether an existing manifest (of a run that stopped before its removal) still holds for
   * the file and the table: then the export is done already. The table holding fewer rows
   * than the archive is an error to stop at (re-exporting would lose the others).
   */
  private async stillDescribes(manifest: ArchiveManifest, dataPath: string, stats: MonthStats): Promise<boolean> {
    let content;
    try {
      content = await readArchive(dataPath);
    } catch {
      return false;
    }
    if (!matchesManifest(content, manifest)) return false;
    if (stats.rows < manifest.rows) {
      throw new Error(`the database holds ${stats.rows} audit entries of ${manifest.month} but its archive ${manifest.file} holds ${manifest.rows}: restore the archive (npm run cli -- audit:restore) before archiving again`);
    }
    return stats.rows === manifest.rows && stats.firstId === manifest.firstId && stats.lastId === manifest.lastId;
  }

  private async export(month: Month, runId: string, paths: ReturnType<typeof archivePaths>): Promise<ArchiveManifest> {
    const { from, to } = monthRange(month);
    const batch = this.config.auditArchive.batchRows;
    const writer = await ArchiveWriter.open(paths.partial);
    let written = 0;
    const fetch = (after: { at: string; id: string } | null): Promise<{ at: string; id: string; line: string }[]> =>
      this.dataSource.query(
        `SELECT to_json(a.occurred_at) #>> '{}' AS at, a.id::text AS id, row_to_json(a)::text AS line
         FROM audit_logs a
         WHERE a.occurred_at >= $1 AND a.occurred_at < $2 ${after ? 'AND (a.occurred_at, a.id) > ($4::timestamptz, $5::bigint)' : ''}
         ORDER BY a.occurred_at, a.id LIMIT $3`,
        after ? [from, to, batch, after.at, after.id] : [from, to, batch],
      );
    try {
      // The next batch is read while this one is compressed and written: the database and
      // the gzip stream work at the same time.
      let next = fetch(null);
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        const last = rows[rows.length - 1];
        next = rows.length < batch ? Promise.resolve([]) : fetch({ at: last.at, id: last.id });
        // Should the write below fail, the read under way must not become an unhandled rejection.
        next.catch(() => undefined);
        await writer.write(rows.map((row) => row.line));
        written += rows.length;
        this.logger.log({ message: `wrote ${written} audit entries of ${month}`, event: 'audit_archive_progress', runId, month, rows: written });
      }
      await writer.close();
    } catch (error) {
      await writer.abandon();
      throw error;
    }
    const content = await readArchive(paths.partial);
    if (content.rows !== written) {
      await writer.abandon();
      throw new Error(`the archive of ${month} read back ${content.rows} rows of the ${written} written`);
    }
    await writer.commit(paths.data);
    const manifest: ArchiveManifest = {
      format: MANIFEST_FORMAT,
      month,
      file: basename(paths.data),
      ...content,
      createdAt: this.clock.now().toISOString(),
    };
    await writeManifest(paths.manifest, manifest);
    return manifest;
  }

  /** Takes the month out of the table in one transaction, only if it still holds exactly the manifest's rows. */
  private async remove(month: Month, manifest: ArchiveManifest): Promise<ArchivedMonth['removal']> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(ARCHIVE_FLAG);
      const own = await this.partitions.exists(manager, month);
      if (own) await manager.query(`LOCK TABLE "${partitionOf(month)}" IN ACCESS EXCLUSIVE MODE`);
      const stats = await this.statsOf(manager, month);
      if (stats.rows !== manifest.rows || stats.firstId !== manifest.firstId || stats.lastId !== manifest.lastId) {
        throw new Error(`the audit entries of ${month} changed since they were archived (${stats.rows} rows, the file has ${manifest.rows}); the next run exports them again`);
      }
      if (own) {
        await manager.query(`DROP TABLE "${partitionOf(month)}"`);
        return 'partition_dropped';
      }
      const { from, to } = monthRange(month);
      await manager.query('DELETE FROM audit_logs WHERE occurred_at >= $1 AND occurred_at < $2', [from, to]);
      return 'rows_deleted';
    });
  }

  private async statsOf(manager: EntityManager, month: Month): Promise<MonthStats> {
    const { from, to } = monthRange(month);
    // First and last in the file's order (occurred_at, id), which the primary key serves.
    const [row] = await manager.query(
      `SELECT count(*)::int AS rows,
         (SELECT id::text FROM audit_logs WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at, id LIMIT 1) AS "firstId",
         (SELECT id::text FROM audit_logs WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at DESC, id DESC LIMIT 1) AS "lastId"
       FROM audit_logs WHERE occurred_at >= $1 AND occurred_at < $2`,
      [from, to],
    );
    return row;
  }

  /** `.partial` files of a run that was killed while writing. */
  private async removeAbandonedFiles(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names.filter((file) => file.endsWith('.partial'))) await rm(join(this.dir, name), { force: true });
  }

  private async save(run: AuditArchiveRunOrmEntity): Promise<void> {
    const { id, ...rest } = run;
    await this.dataSource.getRepository(AuditArchiveRunOrmEntity).update({ id }, rest as never);
  }
}
