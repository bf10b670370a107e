import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ClsServiceManager } from 'nestjs-cls';
import { clientRequestIdOf, requestIdOf } from '../http/request-id.js';
import { maskSecretsInText } from './mask-secrets.js';

/** Where a request came from (SPEC-LOG-2 `metadata`); null outside HTTP. */
export interface RequestMetadata {
  ip: string | null;
  userAgent: string | null;
  method: string;
  /** The URL as requested, with secret query values masked. */
  path: string;
}

/**
 * What ties a log line to the work it belongs to. `traceId` is the request's id (the one
 * in `x-request-id` and in problem documents) or a job's; `requestId` is the client's own
 * `x-request-id` when it sent one, else the same id; `userId` is null until auth exists.
 */
export interface TraceContext {
  traceId: string;
  requestId: string | null;
  userId: string | null;
  /** The signed-in user's role, from the same token (the audit log records it); null with userId. */
  userRole: string | null;
  metadata: RequestMetadata | null;
  /** Set for the work of an operator CLI command (src/cli.ts): the audit log's actor says so. */
  cli?: CliRun;
}

/** One run of an operator CLI command: which, and the operating-system user who ran it. */
export interface CliRun {
  readonly command: string;
  readonly osUser: string;
}

const TRACE = 'trace';

/** The trace context of the running request or job, if any. */
export function currentTraceContext(): TraceContext | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<TraceContext | undefined>(TRACE) : undefined;
}

/**
 * Runs `fn` in a trace context of its own, for work that no HTTP request carries: a cron
 * run, a queue job, a script. Every log line written inside, SQL included, carries the
 * trace id: a new one, or the one the job's data carried from the request that queued it.
 * `cli` marks a command of the operator CLI, which the audit entries written inside name.
 *
 * @example
 * await runInTraceContext(() => this.sendEmail(job.data), { traceId: job.data.traceId });
 * await runInTraceContext(() => createUser.execute(command), { cli: { command: 'user:create', osUser: 'ops' } });
 */
export function runInTraceContext<T>(fn: () => T, options: { traceId?: string; cli?: CliRun } = {}): T {
  const trace: TraceContext = { traceId: options.traceId ?? randomUUID(), requestId: null, userId: null, userRole: null, metadata: null };
  if (options.cli) trace.cli = options.cli;
  return runIn(trace, fn);
}

/**
 * Runs `fn` outside any trace context. For a timer or a loop that outlives the request or job
 * that started it (the outbox relay's next round): without this it would run, and log, in that
 * request's context for good, and be held to that request's deadline (request-deadline.ts).
 */
export function outsideAnyContext<T>(fn: () => T): T {
  return ClsServiceManager.getClsService().exit(fn);
}

/** What a trace context is made of: Fastify's request (its id and ip already set), or a bare one. */
export interface TracedRequest {
  readonly id?: unknown;
  readonly ip?: unknown;
  readonly headers: IncomingMessage['headers'];
  readonly method?: string;
  /** The URL as requested, query included. */
  readonly url?: string;
  readonly socket?: { readonly remoteAddress?: string };
}

/** The trace context of an HTTP request; Fastify has already given it its id. */
export function traceContextOf(request: TracedRequest): TraceContext {
  const traceId = typeof request.id === 'string' ? request.id : requestIdOf(request);
  const userAgent = request.headers['user-agent'];
  return {
    traceId,
    requestId: clientRequestIdOf(request) ?? traceId,
    userId: null,
    userRole: null,
    metadata: {
      ip: typeof request.ip === 'string' ? request.ip : (request.socket?.remoteAddress ?? null),
      userAgent: typeof userAgent === 'string' ? userAgent : null,
      method: request.method ?? 'GET',
      path: maskSecretsInText(request.url ?? '/'),
    },
  };
}

/**
 * Runs `fn`, the rest of an HTTP request, in a new trace context of that request: what
 * http-request-context.ts does for every request, before anything else of it runs.
 */
export function runInRequestContext<T>(request: TracedRequest, fn: () => T): T {
  return runIn(traceContextOf(request), fn);
}

/** Runs `fn` in a new CLS context (never the caller's) holding `trace`. */
function runIn<T>(trace: TraceContext, fn: () => T): T {
  const cls = ClsServiceManager.getClsService();
  return cls.run({ ifNested: 'override' }, () => {
    cls.set(TRACE, trace);
    return fn();
  });
}
