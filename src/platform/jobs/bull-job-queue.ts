import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { withTimeout } from '../../shared/infrastructure/with-timeout.js';
import type { JobMetrics } from './job-metrics.js';
import { type JobCounts, type JobKindLookup, type JobQueue, logJobFailure, type OutboxDelivery, runJob } from './job-queue.js';

/** What a Bull job of ours carries: the message's data and the trace id of the request that caused it. */
interface BullJobData {
  data: object;
  traceId: string | null;
}

/** A handover Redis does not confirm within this long is given up; the message stays in the outbox. */
const HAND_TIMEOUT_MS = 5_000;
/** How many jobs run at once in this process. */
const CONCURRENCY = 5;

/**
 * The production queue: Bull (the `notification` queue) on REDIS_URL. The Bull job id is the
 * outbox message's id, so that a message handed twice (a relay whose lease ran out, a
 * handover whose answer was lost) is one job: Bull ignores an add under an id it holds, and
 * completed jobs are kept for `retentionMs` for that reason. Failed jobs are kept for
 * inspection. Each kind runs with its own attempts and exponential backoff.
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

  async close(): Promise<void> {
    // Bull closing a connection that is still starting leaves that connection's start-up
    // commands rejected with nobody listening (OptimalBits/bull#2222), which ends the process:
    // a connection on its way up gets a moment to be ready first.
    await Promise.all(this.queue.clients.map((client) => settled(client)));
    await this.queue.close();
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
