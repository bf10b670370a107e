import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../shared/application/cursor.js';
import type { Page } from '../../shared/application/page.js';
import type { PageRequest } from '../../shared/infrastructure/keyset-paginator.js';
import { withTimeout } from '../../shared/infrastructure/with-timeout.js';
import type { JobMetrics } from './job-metrics.js';
import {
  type JobCounts,
  type JobKindLookup,
  type JobQueue,
  type JobState,
  lastErrorOf,
  logJobFailure,
  type OutboxDelivery,
  type QueuedJob,
  type Removal,
  runJob,
} from './job-queue.js';

/** What a Bull job of ours carries: the message's data and the trace id of the request that caused it. */
interface BullJobData {
  data: object;
  traceId: string | null;
}

/** A handover Redis does not confirm within this long is given up; the message stays in the outbox. */
const HAND_TIMEOUT_MS = 5_000;
/** How many jobs run at once in this process. */
const CONCURRENCY = 5;
/** Jobs a cleaning call removes at most, so that one Redis script never runs long. */
const CLEAN_BATCH = 1_000;

/**
 * The production queue: Bull (the `notification` queue) on REDIS_URL. The Bull job id is the
 * outbox message's id, so that a message handed twice (a relay whose lease ran out, a
 * handover whose answer was lost) is one job: Bull ignores an add under an id it holds, and
 * completed jobs are kept for `retentionMs` for that reason. Failed jobs are kept for
 * inspection until `clean` (the `clean-finished-jobs` schedule) removes them. Each kind runs
 * with its own attempts and exponential backoff.
 */
export class BullJobQueue implements JobQueue {
  readonly mode = 'bull' as const;
  readonly leaseMs = 60_000;
  private readonly logger = new Logger('Jobs');
  private kinds: JobKindLookup | undefined;

  constructor(
    private readonly queue: Queue<BullJobData>,
    private readonly retentionMs: number,
    private readonly metrics: JobMetrics,
  ) {
    queue.on('failed', (job: Job<BullJobData>, error: Error) =>
      logJobFailure(this.logger, job.name, this.kinds?.get(job.name), { jobId: String(job.id), attempt: job.attemptsMade, traceId: job.data.traceId }, error),
    );
    // A Redis that went away: Bull reconnects by itself; the relay keeps messages meanwhile.
    queue.on('error', (error: Error) => this.logger.debug({ message: `queue error: ${error.message}`, event: 'queue_error' }));
  }

  start(kinds: JobKindLookup): void {
    if (this.kinds) return;
    this.kinds = kinds;
    // One processor for every kind ('*'), dispatching by job name: each named process() call
    // would start its own workers on the blocking connection, and kinds may come later.
    this.queue
      .process('*', CONCURRENCY, (job: Job<BullJobData>) => {
        const kind = kinds.get(job.name);
        if (!kind) return Promise.reject(new Error(`no job kind named ${job.name} in this process`));
        const { data, traceId } = job.data;
        return runJob(kind, data, { jobId: String(job.id), attempt: job.attemptsMade + 1, traceId }, this.metrics);
      })
      // Settles when the queue closes (rejecting if its connection is gone by then).
      .catch((error: Error) => this.logger.debug({ message: `queue processor stopped: ${error.message}`, event: 'queue_error' }));
  }

  async hand(message: OutboxDelivery): Promise<void> {
    const kind = this.kinds?.get(message.kind);
    if (!kind) throw new Error(`no job kind named ${message.kind}`);
    const added = this.queue.add(
      kind.name,
      { data: message.data, traceId: message.traceId },
      {
        jobId: message.id,
        attempts: kind.attempts,
        backoff: { type: 'exponential', delay: kind.backoffMs },
        removeOnComplete: { age: Math.ceil(this.retentionMs / 1000) },
        removeOnFail: false,
      },
    );
    // Given up on, the add may still settle later (a reconnect sends it): the job id makes that harmless.
    await withTimeout(added, HAND_TIMEOUT_MS, `Redis did not take job ${message.id} within ${HAND_TIMEOUT_MS} ms`);
  }

  async counts(): Promise<JobCounts> {
    const counts = await this.queue.getJobCounts();
    return { waiting: counts.waiting, active: counts.active, completed: counts.completed, failed: counts.failed, delayed: counts.delayed };
  }

  /**
   * Bull's lists and sorted sets are read by position (LRANGE / ZREVRANGE), newest first: the
   * cursor carries the position of the next page, so a page may shift by the jobs that
   * arrived or left meanwhile (an operator's view, not a keyset).
   */
  async list(state: JobState, page: PageRequest): Promise<Page<QueuedJob>> {
    const sort = `bull:${state}`;
    let start = 0;
    if (page.cursor) {
      const position = decodeCursor(page.cursor, sort);
      if (!Number.isInteger(position.value) || (position.value as number) < 0) throw new InvalidCursorError('is not a cursor this API issued');
      start = position.value as number;
    }
    // Bull's end is inclusive: one job more tells whether another page follows.
    const jobs = (await this.queue.getJobs([state], start, start + page.limit, false)).filter((job): job is Job<BullJobData> => job !== null);
    const items = jobs.slice(0, page.limit).map((job) => this.view(job, state));
    const last = items.at(-1);
    const nextCursor = jobs.length > page.limit && last ? encodeCursor({ sort, value: start + page.limit, id: last.id }) : null;
    return { items, nextCursor };
  }

  async find(id: string): Promise<QueuedJob | null> {
    const job = await this.queue.getJob(id);
    if (!job) return null;
    const state = await job.getState();
    return state === 'stuck' || state === 'paused' ? this.view(job, 'waiting') : this.view(job, state);
  }

  async remove(id: string): Promise<Removal> {
    const job = await this.queue.getJob(id);
    if (!job) return 'not_found';
    if ((await job.getState()) === 'active') return 'running';
    try {
      await job.remove();
    } catch {
      // Bull refuses a job a worker holds the lock of: it became active meanwhile.
      return 'running';
    }
    return 'removed';
  }

  /** Removes completed and failed jobs that finished more than `olderThanMs` ago; answers how many. */
  async clean(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const state of ['completed', 'failed'] as const) {
      for (;;) {
        const jobs = await this.queue.clean(olderThanMs, state, CLEAN_BATCH);
        removed += jobs.length;
        if (jobs.length < CLEAN_BATCH) break;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    // Bull closing a connection that is still starting leaves that connection's start-up
    // commands rejected with nobody listening (OptimalBits/bull#2222), which ends the process:
    // a connection on its way up gets a moment to be ready first.
    await Promise.all(this.queue.clients.map((client) => settled(client)));
    await this.queue.close();
  }

  private view(job: Job<BullJobData>, state: JobState): QueuedJob {
    return {
      id: String(job.id),
      kind: job.name,
      state,
      // Bull 4 counts failed runs only: a completed job's last run, or the one going on, is one more.
      attemptsMade: job.attemptsMade + (state === 'completed' || state === 'active' ? 1 : 0),
      attemptsAllowed: job.opts.attempts ?? 1,
      lastError: job.failedReason ? lastErrorOf(job.failedReason) : null,
      traceId: job.data.traceId,
      createdAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      data: job.data.data,
    };
  }
}

/** Resolves once `client` is ready, or at once if it is not on its way there, and after 2 s at most. */
function settled(client: { status: string; once(event: 'ready', listener: () => void): unknown }): Promise<void> {
  if (client.status !== 'connecting' && client.status !== 'connect' && client.status !== 'wait') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
