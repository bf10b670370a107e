import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueuedJob } from '../job-queue.js';
import { JobRegistry } from '../job-registry.js';

/** An operator's view of a job: the queue's, with its retry links. */
export interface AdminJob extends QueuedJob {
  /** The job this one retries. */
  readonly originalJobId: string | null;
  /** The retry of this one, once an operator asked for it. */
  readonly retriedAs: string | null;
}

/**
 * The retry links of jobs, from the outbox (`retry_of`), the same for either queue; and the
 * messages Bull has not been handed yet (Redis away, or a retry an instant old), which wait
 * in the outbox. Reads outside any transaction.
 */
@Injectable()
export class JobLinks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kinds: JobRegistry,
  ) {}

  async withLinks(jobs: readonly QueuedJob[]): Promise<AdminJob[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map((job) => job.id);
    const rows: { id: string; retryOf: string }[] = await this.dataSource.query(
      `SELECT id, retry_of AS "retryOf" FROM outbox_messages WHERE retry_of IS NOT NULL AND (id = ANY($1::uuid[]) OR retry_of = ANY($1::uuid[]))`,
      [ids],
    );
    const originalOf = new Map(rows.map((row) => [row.id, row.retryOf]));
    const retryOf = new Map(rows.map((row) => [row.retryOf, row.id]));
    return jobs.map((job) => ({ ...job, originalJobId: originalOf.get(job.id) ?? null, retriedAs: retryOf.get(job.id) ?? null }));
  }

  /** A message committed and not yet handed to the queue, as a waiting job. */
  async pending(id: string): Promise<QueuedJob | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, kind, data, trace_id AS "traceId", created_at AS "createdAt" FROM outbox_messages WHERE id = $1 AND dispatched_at IS NULL`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      state: 'waiting',
      attemptsMade: 0,
      attemptsAllowed: this.kinds.get(row.kind)?.attempts ?? null,
      lastError: null,
      traceId: row.traceId,
      createdAt: row.createdAt,
      finishedAt: null,
      data: row.data,
    };
  }
}
