/**
 * Background work (SPEC-JOB): a use case that must cause work after it commits adds an
 * outbox message in its own transaction (OUTBOX); a relay hands committed messages to the
 * job queue, whose processors run the job kind's handler with that kind's retry policy.
 * Delivery is at least once: a handler must be idempotent by `JobRun.jobId`, which is the
 * outbox message's id, the same on every attempt and every redelivery.
 */

/** A kind of job: its handler and its retry policy. A module registers it with JOB_KINDS at init. */
export interface JobKind<T = unknown> {
  /** Unique, stable (it is stored with every message): `send-email`, `deliver-webhook`. */
  readonly name: string;
  /** Runs in total, the first included. */
  readonly attempts: number;
  /** The wait before the second run; doubled before each later one. */
  readonly backoffMs: number;
  handle(data: T, run: JobRun): Promise<void>;
}

/** One run of a job, as its handler sees it. */
export interface JobRun {
  /** The outbox message's id: the key that makes a handler idempotent. */
  readonly jobId: string;
  /** 1 for the first run. */
  readonly attempt: number;
  /** The trace id of the request that caused the job; the handler's log lines carry it. */
  readonly traceId: string | null;
}

/**
 * Work to do after the current transaction commits, and only then: `add` writes the message
 * in the caller's transaction (outside one it refuses) and returns its id.
 *
 * @example
 * await this.outbox.add('send-email', { to: assignee.email, template: 'task-assigned', taskId });
 */
export interface Outbox {
  add(kind: string, data: object): Promise<string>;
}

export const OUTBOX = Symbol('Outbox');

/**
 * The job kinds of the app: each module registers its own in `onModuleInit`; the queue starts
 * running them once the app has started.
 *
 * @example
 * onModuleInit() { this.jobKinds.register(this.sendEmail); }
 */
export interface JobKinds {
  register(kind: JobKind): void;
}

export const JOB_KINDS = Symbol('JobKinds');
