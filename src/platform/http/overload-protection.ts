import { getHeapStatistics } from 'node:v8';
import { Logger } from '@nestjs/common';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../../shared/domain/domain-error.js';
import { RETRY_AFTER_SECONDS } from '../../shared/interface/problem-details.js';
import { isOperatorRoute } from './operator-routes.js';
import { RequestDeadline, RequestTimedOutError, setRequestDeadline } from './request-deadline.js';

/** MAX_IN_FLIGHT requests are being served: this one is refused at once, to be retried soon. */
export class ServerOverloadedError extends DomainError {
  readonly code = 'SERVER_OVERLOADED';
  readonly kind = 'unavailable';
  override readonly shedsLoad = true;
  override readonly retryAfterSeconds = 1;

  constructor(maxInFlight: number) {
    super(`The server is serving its limit of ${maxInFlight} requests at once; retry after the delay in Retry-After.`);
  }
}

/** The event loop lags or the heap is nearly full: requests are refused until it recovers. */
export class ServerUnderPressureError extends DomainError {
  readonly code = 'SERVER_UNDER_PRESSURE';
  readonly kind = 'unavailable';
  override readonly shedsLoad = true;
  override readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(what: string) {
    super(`The server is under pressure (${what}); retry after the delay in Retry-After.`);
  }
}

type Limits = Pick<AppConfig['http'], 'maxInFlight' | 'requestTimeoutMs' | 'maxEventLoopDelayMs' | 'maxHeapUsedPercent'>;

/**
 * Sheds load instead of queueing it until everything times out (SPEC-RES-4): every refusal
 * is a 503 problem with Retry-After, sent through the problem filter like any error, and
 * the probes and the scrape (isOperatorRoute) are exempt from all of it.
 * - At most MAX_IN_FLIGHT requests are served at once; one more is refused before it is
 *   parsed or authenticated (one shared error: refusing costs no stack trace).
 * - Each request has HTTP_REQUEST_TIMEOUT_MS (RequestDeadline): then a 503, and whatever it
 *   had not committed is rolled back (RequestDeadlineGuard, on the database side).
 * - @fastify/under-pressure samples the event loop delay and the heap every second; while
 *   either is past its limit (MAX_EVENT_LOOP_DELAY_MS, MAX_HEAP_USED_PERCENT), requests are
 *   refused.
 *
 * Call once per app, after installHttpRequestContext (the deadline lives in the request's
 * context) and before the routes are registered.
 */
export function installOverloadProtection(fastify: FastifyInstance, limits: Limits): void {
  const overloaded = new ServerOverloadedError(limits.maxInFlight);
  let inFlight = 0;
  fastify.addHook('onRequest', (request, reply, done) => {
    // An unknown path has no route template: it counts like any request.
    if (isOperatorRoute(request.routeOptions.url ?? '')) return done();
    if (inFlight >= limits.maxInFlight) return done(overloaded);
    inFlight++;
    const deadline = new RequestDeadline(limits.requestTimeoutMs, () => answerTimedOut(reply, limits.requestTimeoutMs));
    setRequestDeadline(deadline);
    // 'close' comes once per response, sent or not (a client that left included).
    reply.raw.once('close', () => {
      inFlight--;
      deadline.finish();
    });
    done();
  });

  const eventLoopLag = new ServerUnderPressureError('its event loop lags');
  const heapFull = new ServerUnderPressureError('its memory is nearly full');
  void fastify.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: Math.round((getHeapStatistics().heap_size_limit * limits.maxHeapUsedPercent) / 100),
    // Called only under pressure. A promise that resolves lets the request through; one that
    // rejects refuses it with the error, which the problem filter answers.
    pressureHandler: async (request, _reply, type) => {
      if (isOperatorRoute(request.routeOptions.url ?? '')) return;
      throw type === 'heapUsedBytes' ? heapFull : eventLoopLag;
    },
  });
}

const logger = new Logger('Http');

function answerTimedOut(reply: FastifyReply, timeoutMs: number): void {
  if (reply.sent) return;
  // A response already under way (a streamed export) cannot turn into a 503: cut it.
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  logger.warn({ message: `request timed out after ${timeoutMs} ms; its work is rolled back`, event: 'request_timeout' });
  void reply.send(new RequestTimedOutError(timeoutMs));
}
