import { performance } from 'node:perf_hooks';
import type { Logger } from '@nestjs/common';
import type { JobKind, JobRun } from '../../shared/application/jobs.js';
import type { Page } from '../../shared/application/page.js';
import type { PageRequest } from '../../shared/infrastructure/keyset-paginator.js';
import { maskSecretsInText } from '../logging/mask-secrets.js';
import { runInTraceContext } from '../logging/trace-context.js';
import type { JobMetrics } from './job-metrics.js';

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

/** Where a job is in its life; `waiting` includes, in the embedded mode, messages still in the outbox. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One job as the queue knows it, for operators (GET /admin/jobs). */
export interface QueuedJob {
  /** The outbox message's id (the Bull job id). */
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly attemptsMade: number;
  /** The kind's attempts when the job was queued; null when no kind of this process names it. */
  readonly attemptsAllowed: number | null;
  /** The last failure's message (lastErrorOf): never a stack. */
  readonly lastError: string | null;
  readonly traceId: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  readonly data: object;
}

/** How a removal went: gone, absent, or refused because the job is running now. */
export type Removal = 'removed' | 'not_found' | 'running';

/** How an in-process run ended, for its outbox row: Bull's queue keeps that itself (`hand` returns nothing). */
export interface RunOutcome {
  readonly attempts: number;
  /** The last failure (lastErrorOf) when it ran out of attempts; null when it succeeded. */
  readonly error: string | null;
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
  /** Starts running jobs, each by the kind `kinds` names (a kind registered later runs too). */
  start(kinds: JobKindLookup): void;
  /** Resolves once the message is safe without its outbox row; in-process, with how its run ended. */
  hand(message: OutboxDelivery): Promise<RunOutcome | void>;
  counts(): Promise<JobCounts>;
  /** The jobs in `state`, newest first, a page at a time. */
  list(state: JobState, page: PageRequest): Promise<Page<QueuedJob>>;
  find(id: string): Promise<QueuedJob | null>;
  /** Takes a job out of the queue (it will not run, or is no longer shown); a running one is refused. */
  remove(id: string): Promise<Removal>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');

/** The job kinds by name (the JobRegistry). */
export interface JobKindLookup {
  get(name: string): JobKind | undefined;
}

/**
 * One run of `kind` on a message's data, in the trace context of the request that caused it:
 * the one place every queue runs a job, so the one place a run is measured.
 */
export async function runJob(kind: JobKind, data: object, run: JobRun, metrics: JobMetrics): Promise<void> {
  const started = performance.now();
  try {
    await runInTraceContext(() => kind.handle(data, run), { traceId: run.traceId ?? undefined });
  } catch (error) {
    metrics.run(kind.name, 'failed', (performance.now() - started) / 1000);
    throw error;
  }
  metrics.run(kind.name, 'succeeded', (performance.now() - started) / 1000);
}

/** The longest last error an operator sees. */
export const LAST_ERROR_MAX = 500;

/** What an operator sees of a failure: its message only (never a stack), secrets masked, at most LAST_ERROR_MAX characters. */
export function lastErrorOf(error: unknown): string {
  const message = maskSecretsInText(error instanceof Error ? error.message : String(error));
  return message.length > LAST_ERROR_MAX ? `${message.slice(0, LAST_ERROR_MAX - 1)}…` : message;
}

/** The `job_failed` line of a run that threw; `kind` is undefined for a job no kind of this process names. */
export function logJobFailure(logger: Logger, name: string, kind: JobKind | undefined, run: JobRun, error: unknown): void {
  const last = kind ? run.attempt >= kind.attempts : true;
  logger.warn({
    message: `job ${name} ${run.jobId} failed (attempt ${run.attempt} of ${kind?.attempts ?? '?'})${last ? '' : ', retrying'}`,
    event: 'job_failed',
    traceId: run.traceId,
    context: { job: name, jobId: run.jobId, attempt: run.attempt, error: error instanceof Error ? error.message : String(error) },
  });
}

/** The wait before run `attempt + 1` of a kind (attempt 1 is the first run): its backoff, doubled each time. */
export function backoffBefore(kind: Pick<JobKind, 'backoffMs'>, attempt: number): number {
  return kind.backoffMs * 2 ** (attempt - 1);
}
