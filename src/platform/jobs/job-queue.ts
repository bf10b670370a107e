import type { JobKind } from '../../shared/application/jobs.js';

/** A committed outbox message, as the relay hands it to the queue. */
export interface OutboxDelivery {
  readonly id: string;
  readonly kind: string;
  readonly data: object;
  readonly traceId: string | null;
}

/** How many jobs are where (SPEC-HEALTH-2). */
export interface JobCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

/**
 * Where the relay hands committed messages and where the processors run them: Bull on Redis
 * (production), or this process (the embedded mode). `hand` resolves once the message is
 * safe without its outbox row: held by Redis, or (in-process) run to its end.
 */
export interface JobQueue {
  readonly mode: 'bull' | 'in-process';
  /** How long a relay's lease on a handed message must last: past this, another relay may hand it again. */
  readonly leaseMs: number;
  /** Starts running the jobs of these kinds. */
  start(kinds: readonly JobKind[]): void;
  hand(message: OutboxDelivery): Promise<void>;
  counts(): Promise<JobCounts>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');

/** The wait before run `attempt + 1` of a kind (attempt 1 is the first run): its backoff, doubled each time. */
export function backoffBefore(kind: Pick<JobKind, 'backoffMs'>, attempt: number): number {
  return kind.backoffMs * 2 ** (attempt - 1);
}
