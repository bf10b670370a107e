import { Logger } from '@nestjs/common';
import type { JobMetrics } from './job-metrics.js';
import { backoffBefore, type JobCounts, type JobKindLookup, type JobQueue, logJobFailure, type OutboxDelivery, runJob } from './job-queue.js';

/**
 * The embedded mode's queue (no REDIS_URL): each handed message runs here, with its kind's
 * attempts and backoff, and `hand` resolves when it has run to its end (succeeded or out of
 * attempts), so that its outbox row stays undispatched until then: a restart runs it again,
 * and nothing is lost. One process only (the embedded database allows no other).
 */
export class InProcessJobQueue implements JobQueue {
  readonly mode = 'in-process' as const;
  /** Longer than any job's attempts and waits; the embedded relay also frees its leases at start. */
  readonly leaseMs = 24 * 3_600_000;
  private readonly logger = new Logger('Jobs');
  private kinds: JobKindLookup | undefined;
  private readonly stats: JobCounts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  private closing = false;
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(private readonly metrics: JobMetrics) {}

  start(kinds: JobKindLookup): void {
    this.kinds = kinds;
  }

  async hand(message: OutboxDelivery): Promise<void> {
    const kind = this.kinds?.get(message.kind);
    if (!kind) throw new Error(`no job kind named ${message.kind}`);
    this.stats.waiting++;
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.closing) throw new Error('the queue is closing: the message waits in the outbox');
        this.stats.active++;
        const run = { jobId: message.id, attempt, traceId: message.traceId };
        try {
          await runJob(kind, message.data, run, this.metrics);
          this.stats.completed++;
          return;
        } catch (error) {
          logJobFailure(this.logger, kind.name, kind, run, error);
          if (attempt >= kind.attempts) {
            this.stats.failed++;
            return;
          }
        } finally {
          this.stats.active--;
        }
        this.stats.delayed++;
        await this.wait(backoffBefore(kind, attempt));
        this.stats.delayed--;
      }
    } finally {
      this.stats.waiting--;
    }
  }

  async counts(): Promise<JobCounts> {
    return { ...this.stats };
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

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (this.waits.delete(entry), resolve()), ms), resolve };
      entry.timer.unref();
      this.waits.add(entry);
    });
  }
}
