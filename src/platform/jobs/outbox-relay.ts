import { APP_CONFIG, type AppConfig, runsBackgroundWork } from '../../config/app-config.js';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, type JobQueue, type OutboxDelivery, type RunOutcome } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { outsideAnyContext } from '../logging/trace-context.js';

/** Messages claimed per round. */
const BATCH = 100;
/**
 * How often the relay looks for messages nobody woke it for (other replicas', expired leases):
 * every OUTBOX_POLL_MS after a round that found some, twice as long after each that found
 * none, up to OUTBOX_IDLE_POLL_MS (an idle app claims nothing and logs no claim twice a second).
 */
export const OUTBOX_POLL_MS = 500;
export const OUTBOX_IDLE_POLL_MS = 5_000;
/** How long a woken relay waits for more commits to claim with the first: one claim for a burst. */
const WAKE_DELAY_MS = 20;

/**
 * Moves committed outbox messages to the job queue. Each round claims up to BATCH messages
 * with a lease (`FOR UPDATE SKIP LOCKED`: replicas never claim the same message), hands each
 * to the queue and marks it dispatched once the queue holds it; a handover that fails (Redis
 * down) frees the message for a later round, so messages wait while Redis is away and never
 * vanish. A relay that dies holding leases leaves those messages to whoever looks after the
 * lease ran out. Rounds run every OUTBOX_POLL_MS (less often while idle), WAKE_DELAY_MS
 * after a commit in this process (`wake`: the commits of a burst share one claim), and back
 * to back while a full batch comes back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private failing = false;
  private wakeScheduled = false;
  private pollMs = OUTBOX_POLL_MS;
  private readonly deliveries = new Set<Promise<void>>();
  private dispatched: { id: string; outcome: RunOutcome | undefined }[] = [];
  private dispatchedFlush: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly kinds: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'role'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // APP_ROLE=api (and the CLI) writes messages and leaves them to the workers: no relay, no processors.
    if (!runsBackgroundWork(this.config.role)) {
      this.stopped = true;
      return;
    }
    this.queue.start(this.kinds);
    // The embedded database has one process: leases held at start are a previous run's.
    if (this.queue.mode === 'in-process') {
      await this.dataSource.query('UPDATE outbox_messages SET claimed_until = NULL WHERE dispatched_at IS NULL AND claimed_until IS NOT NULL');
    }
    this.schedule(0);
  }

  /** Runs a round soon: a message has just been committed. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (!this.wakeScheduled) {
      this.wakeScheduled = true;
      this.schedule(WAKE_DELAY_MS);
    }
  }

  /** Messages not yet dispatched, and how long the oldest has waited (ms). */
  async backlog(): Promise<{ messages: number; oldestAgeMs: number | null }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS messages, (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS "oldestAgeMs"
       FROM outbox_messages WHERE dispatched_at IS NULL`,
    );
    return { messages: row.messages, oldestAgeMs: row.oldestAgeMs === null ? null : Math.max(0, Math.round(row.oldestAgeMs)) };
  }

  /** Stops claiming, closes the queue (an in-process job between attempts stops waiting), and lets handovers end. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue.close();
    await Promise.allSettled([...this.deliveries]);
  }

  /** The next round, in no request's context: wake() is called by the requests that commit messages. */
  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = outsideAnyContext(() => setTimeout(() => void this.round(), ms));
    this.timer.unref();
  }

  private async round(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    this.wakeScheduled = false;
    let full = false;
    try {
      const claimed = await this.claim();
      full = claimed.length === BATCH;
      this.pollMs = claimed.length > 0 ? OUTBOX_POLL_MS : Math.min(this.pollMs * 2, OUTBOX_IDLE_POLL_MS);
      for (const message of claimed) this.track(this.deliver(message));
    } catch (error) {
      this.failed('could not claim outbox messages', error);
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(full ? 0 : this.again ? WAKE_DELAY_MS : this.pollMs);
      this.again = false;
    }
  }

  private claim(): Promise<OutboxDelivery[]> {
    return this.dataSource.query(
      `UPDATE outbox_messages SET claimed_until = now() + $1 * interval '1 millisecond'
       WHERE id IN (
         SELECT id FROM outbox_messages
         WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, data, trace_id AS "traceId"`,
      [this.queue.leaseMs, BATCH],
    // TypeORM answers an UPDATE with [rows, affected].
    ).then(([rows]: [OutboxDelivery[], number]) => rows);
  }

  private async deliver(message: OutboxDelivery): Promise<void> {
    let outcome: RunOutcome | void;
    try {
      outcome = await this.queue.hand(message);
    } catch (error) {
      this.failed(`could not hand message ${message.id} (${message.kind}) to the ${this.queue.mode} queue; it waits`, error);
      await this.dataSource
        .query('UPDATE outbox_messages SET claimed_until = NULL WHERE id = $1 AND dispatched_at IS NULL', [message.id])
        .catch(() => undefined);
      return;
    }
    this.recovered();
    await this.markDispatched(message.id, outcome ?? undefined);
  }

  /**
   * Marks messages dispatched a batch at a time: the handovers of one moment share one
   * UPDATE, which also records how an in-process run ended (Bull keeps that itself).
   */
  private markDispatched(id: string, outcome: RunOutcome | undefined): Promise<void> {
    this.dispatched.push({ id, outcome });
    this.dispatchedFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const batch = this.dispatched.splice(0);
      this.dispatchedFlush = undefined;
      await this.dataSource.query(
        `UPDATE outbox_messages m SET dispatched_at = now(), claimed_until = NULL, attempts_made = r.attempts,
           failed_at = CASE WHEN r.error IS NULL THEN NULL ELSE now() END, last_error = r.error
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS r(id, attempts, error) WHERE m.id = r.id`,
        [batch.map((d) => d.id), batch.map((d) => d.outcome?.attempts ?? null), batch.map((d) => d.outcome?.error ?? null)],
      );
    });
    return this.dispatchedFlush;
  }

  private track(delivery: Promise<void>): void {
    const tracked = delivery.catch((error: unknown) => this.failed('could not mark a message dispatched', error)).finally(() => this.deliveries.delete(tracked));
    this.deliveries.add(tracked);
  }

  private failed(what: string, error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ message: `${what}: ${error instanceof Error ? error.message : String(error)}`, event: 'outbox_stalled' });
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log({ message: 'outbox relay running again', event: 'outbox_recovered' });
  }
}
