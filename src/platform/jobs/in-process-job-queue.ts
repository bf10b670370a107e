import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Page } from '../../shared/application/page.js';
import { keysetOrder, keysetPage, type PageRequest, sortKey } from '../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../shared/infrastructure/sql-conditions.js';
import {
  backoffBefore,
  type JobCounts,
  type JobKindLookup,
  type JobQueue,
  type JobState,
  lastErrorOf,
  logJobFailure,
  type OutboxDelivery,
  type QueuedJob,
  type Removal,
  type RunOutcome,
  runJob,
} from './job-queue.js';
import type { JobMetrics } from './job-metrics.js';

/** A message this process is running: between attempts it is `delayed`. */
interface InFlight {
  state: 'active' | 'delayed';
  attemptsMade: number;
  lastError: string | null;
  /** An operator removed it while it waited for its next attempt. */
  removed: boolean;
  /** Ends the wait for the next attempt now. */
  wake?: () => void;
}

/** An outbox row as the operator's views read it. */
interface MessageRow {
  id: string;
  kind: string;
  data: object;
  traceId: string | null;
  createdAt: Date;
  dispatchedAt: Date | null;
  failedAt: Date | null;
  attemptsMade: number | null;
  lastError: string | null;
}

const COLUMNS = `id, kind, data, trace_id AS "traceId", created_at AS "createdAt", dispatched_at AS "dispatchedAt",
  failed_at AS "failedAt", attempts_made AS "attemptsMade", last_error AS "lastError"`;
const NEWEST_FIRST = keysetOrder<MessageRow>(
  '-createdAt',
  sortKey.timestamp('created_at', (row) => row.createdAt),
  sortKey.uuid('id', (row) => row.id),
);

/**
 * The embedded mode's queue (no REDIS_URL): each handed message runs here, with its kind's
 * attempts and backoff, and `hand` resolves when it has run to its end (succeeded or out of
 * attempts), so that its outbox row stays undispatched until then: a restart runs it again,
 * and nothing is lost. One process only (the embedded database allows no other).
 *
 * Its jobs are the outbox rows: the relay records each run's end on its row (attempts, and
 * the failure of one that ran out of them), so that a failed job stays visible across
 * restarts until the outbox purge; the running ones (active, or delayed before their next
 * attempt) are known here. The views read outside any transaction (the embedded database
 * runs one at a time).
 */
export class InProcessJobQueue implements JobQueue {
  readonly mode = 'in-process' as const;
  /** Longer than any job's attempts and waits; the embedded relay also frees its leases at start. */
  readonly leaseMs = 24 * 3_600_000;
  private readonly logger = new Logger('Jobs');
  private kinds: JobKindLookup | undefined;
  /** Runs that completed since this process started (the outbox keeps the rest). */
  private completed = 0;
  private closing = false;
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly running = new Map<string, InFlight>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: JobMetrics,
  ) {}

  start(kinds: JobKindLookup): void {
    this.kinds = kinds;
  }

  async hand(message: OutboxDelivery): Promise<RunOutcome> {
    const kind = this.kinds?.get(message.kind);
    if (!kind) throw new Error(`no job kind named ${message.kind}`);
    const job: InFlight = { state: 'active', attemptsMade: 0, lastError: null, removed: false };
    this.running.set(message.id, job);
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.closing) throw new Error('the queue is closing: the message waits in the outbox');
        if (job.removed) return { attempts: job.attemptsMade, error: job.lastError };
        job.state = 'active';
        const run = { jobId: message.id, attempt, traceId: message.traceId };
        try {
          job.attemptsMade = attempt;
          await runJob(kind, message.data, run, this.metrics);
          this.completed++;
          return { attempts: attempt, error: null };
        } catch (error) {
          logJobFailure(this.logger, kind.name, kind, run, error);
          job.lastError = lastErrorOf(error);
          if (attempt >= kind.attempts) {
            return { attempts: attempt, error: job.lastError };
          }
        }
        job.state = 'delayed';
        await this.wait(backoffBefore(kind, attempt), job);
      }
    } finally {
      this.running.delete(message.id);
    }
  }

  /**
   * Active and delayed: the runs of this process. Waiting: the outbox's undispatched messages
   * not running here; failed: those that ran out of attempts (both along their partial
   * indexes). Completed: since this process started (counting the dispatched rows would scan
   * the outbox).
   */
  async counts(): Promise<JobCounts> {
    const jobs = [...this.running.values()];
    const [row]: { pending: number; failed: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL)::int AS pending,
              (SELECT count(*) FROM outbox_messages WHERE failed_at IS NOT NULL)::int AS failed`,
    );
    return {
      waiting: Math.max(0, (row?.pending ?? 0) - jobs.length),
      active: jobs.filter((job) => job.state === 'active').length,
      delayed: jobs.filter((job) => job.state === 'delayed').length,
      completed: this.completed,
      failed: row?.failed ?? 0,
    };
  }

  async list(state: JobState, page: PageRequest): Promise<Page<QueuedJob>> {
    const where = new SqlConditions();
    const running = (wanted?: InFlight['state']) => [...this.running].filter(([, job]) => !wanted || job.state === wanted).map(([id]) => id);
    switch (state) {
      case 'active':
      case 'delayed':
        where.add(`id = ANY(${where.bind(running(state))}::uuid[])`);
        break;
      case 'waiting':
        where.add('dispatched_at IS NULL');
        where.add(`NOT (id = ANY(${where.bind(running())}::uuid[]))`);
        break;
      case 'completed':
        where.add('dispatched_at IS NOT NULL AND failed_at IS NULL');
        break;
      case 'failed':
        where.add('failed_at IS NOT NULL');
        break;
    }
    const rows = await keysetPage(NEWEST_FIRST, page, where, (tail) =>
      this.dataSource.query(`SELECT ${COLUMNS} FROM outbox_messages ${tail}`, where.params),
    );
    return { items: rows.items.map((row) => this.view(row)), nextCursor: rows.nextCursor };
  }

  async find(id: string): Promise<QueuedJob | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM outbox_messages WHERE id = $1`, [id]);
    return row ? this.view(row) : null;
  }

  async remove(id: string): Promise<Removal> {
    const job = this.running.get(id);
    if (job?.state === 'active') return 'running';
    if (job) {
      job.removed = true;
      job.wake?.();
    }
    const [rows] = await this.dataSource.query(
      // A message claimed and not running here is being handed to this queue right now.
      `DELETE FROM outbox_messages WHERE id = $1 AND (dispatched_at IS NOT NULL OR $2 OR claimed_until IS NULL OR claimed_until < now()) RETURNING id`,
      [id, job !== undefined],
    );
    if ((rows as unknown[]).length > 0) return 'removed';
    const [exists] = await this.dataSource.query('SELECT 1 FROM outbox_messages WHERE id = $1', [id]);
    return exists ? 'running' : 'not_found';
  }

  /** Ends the waits between attempts: their messages stay in the outbox for the next start. */
  async close(): Promise<void> {
    this.closing = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.resolve();
    }
    this.waits.clear();
  }

  private view(row: MessageRow): QueuedJob {
    const job = this.running.get(row.id);
    const state: JobState = job?.state ?? (row.failedAt ? 'failed' : row.dispatchedAt ? 'completed' : 'waiting');
    return {
      id: row.id,
      kind: row.kind,
      state,
      // A message dispatched before runs were recorded ran once at least.
      attemptsMade: job?.attemptsMade ?? row.attemptsMade ?? (row.dispatchedAt ? 1 : 0),
      // A failed job ran out of its attempts (its kind may allow another number since).
      attemptsAllowed: state === 'failed' && row.attemptsMade ? row.attemptsMade : (this.kinds?.get(row.kind)?.attempts ?? null),
      lastError: job?.lastError ?? row.lastError,
      traceId: row.traceId,
      createdAt: row.createdAt,
      finishedAt: job ? null : (row.failedAt ?? row.dispatchedAt),
      data: row.data,
    };
  }

  private wait(ms: number, job: InFlight): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => (this.waits.delete(entry), resolve()), ms),
        resolve,
      };
      entry.timer.unref();
      this.waits.add(entry);
      job.wake = () => {
        clearTimeout(entry.timer);
        this.waits.delete(entry);
        resolve();
      };
    });
  }
}
