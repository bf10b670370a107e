import { performance } from 'node:perf_hooks';
import type { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import { AxiosHeaders, type AxiosRequestConfig, type AxiosResponse, isAxiosError } from 'axios';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  type FailureReason,
  type RetryPolicy,
  TaskCancelledError,
  type TimeoutPolicy,
  TimeoutStrategy,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { firstValueFrom } from 'rxjs';
import type { AppConfig } from '../../config/app-config.js';
import type { CircuitStateName, OutboundMetrics } from './outbound-metrics.js';
import { AttemptFailure, type Outcome, outcomeOfNoAnswer, outcomeOfStatus } from './outbound-outcome.js';
import { retryAfterMs, retryWaitMs } from './retry-schedule.js';
import { traceHeaders } from './trace-headers.js';
import { logExternalApiCall } from './external-api-call.js';
import { UpstreamUnavailableError } from './upstream-unavailable.error.js';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'DELETE' | 'POST' | 'PATCH';

/** RFC 9110 9.2.2: sending these twice does what sending them once does, so they are retried. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);


export interface OutboundRequest {
  readonly method: HttpMethod;
  /** Under the client's baseURL, query included: `/messages`, `/users/42?fields=id`. Never absolute. */
  readonly path: string;
  /** Sent as JSON when it is an object, as it is when it is a string or a Buffer. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Idempotency-Key`. A POST or PATCH is retried only when it carries one. */
  readonly idempotencyKey?: string;
}

export interface OutboundResponse<T = unknown> {
  readonly status: number;
  /** Lowercase names; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed when the service sent JSON, else the text. */
  readonly data: T;
}

/** What one client runs with: AppConfig.outbound, with the client's own timeouts. */
export type HttpClientSettings = AppConfig['outbound'] & { readonly name: string };

/**
 * The client of one outbound service, made by `HttpClientModule.register()`. Each call runs
 * through cockatiel policies, outermost first:
 *
 * 1. the call's timeout (`timeoutMs`, REQUEST_TIMEOUT_MS): the whole call, every attempt and
 *    every wait included, aborted at once when it is up ("total" means total);
 * 2. the retry (MAX_RETRY_ATTEMPTS, backoff with jitter, Retry-After): only an attempt that
 *    failed in a way that may pass (AttemptFailure: 5xx, 429, a timed-out attempt, no
 *    connection), so never the breaker's own BrokenCircuitError nor the call's timeout; only
 *    for a method that may be sent twice (a POST or PATCH needs an idempotency key); and only
 *    when the wait (a Retry-After included) ends before the budget does, else the call fails
 *    now, passing the service's Retry-After on;
 * 3. the circuit breaker, one per client, shared by its calls: it counts each failed attempt
 *    (not each call), so a dead service is noticed within a call or two, and once it opens the
 *    retry stops at once;
 * 4. the attempt's timeout (`attemptTimeoutMs`, REQUEST_ATTEMPT_TIMEOUT_MS), around one HTTP
 *    exchange through @nestjs/axios.
 *
 * Every attempt is logged as `external_api_call` (never a body, header or query) and counted;
 * it sends `traceparent` and `x-request-id` of the running trace. A 2xx-4xx answer (429
 * aside) is returned as it is; a call that fails for good throws UpstreamUnavailableError,
 * which a request answers with 503.
 */
export class HttpClient {
  private readonly logger = new Logger('HttpClient');
  private readonly breaker: CircuitBreakerPolicy;
  private readonly callTimeout: TimeoutPolicy;
  private readonly attemptTimeout: TimeoutPolicy;
  /** When the circuit last opened, on cockatiel's clock (Date.now()). */
  private openedAt = 0;

  constructor(
    private readonly settings: HttpClientSettings,
    private readonly http: HttpService,
    private readonly metrics: OutboundMetrics,
  ) {
    this.breaker = circuitBreaker(handleType(AttemptFailure), {
      halfOpenAfter: settings.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onStateChange((state) => metrics.circuit(settings.name, stateName(state)));
    this.callTimeout = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
    this.attemptTimeout = timeout(settings.attemptTimeoutMs, TimeoutStrategy.Aggressive);
    metrics.register(settings.name);
  }

  get name(): string {
    return this.settings.name;
  }

  /** `open` while calls are refused; it turns `half_open` with the first call after the delay. */
  get circuitState(): CircuitStateName {
    return stateName(this.breaker.state);
  }

  /**
   * Sends one request, retried as the policies allow.
   *
   * @example
   * const sent = await this.email.request<{ id: string }>({
   *   method: 'POST', path: '/messages', body: { to, subject }, idempotencyKey: notification.id,
   * });
   * @throws UpstreamUnavailableError when every attempt failed, the budget ran out, or the circuit is open.
   */
  async request<T = unknown>(request: OutboundRequest): Promise<OutboundResponse<T>> {
    const started = performance.now();
    const deadline = started + this.settings.timeoutMs;
    let retries = 0;
    const retrying = this.retryPolicy(request, deadline);
    retrying.onRetry(() => {
      retries++;
      this.metrics.retry(this.name);
    });
    try {
      const response = await wrap(this.callTimeout, retrying, this.breaker).execute(({ attempt, signal }) =>
        this.attempt<T>(request, attempt + 1, signal),
      );
      this.metrics.call(this.name, outcomeOfStatus(response.status), seconds(started));
      return response;
    } catch (error) {
      const failure = this.failureOf(error, request, retries + 1);
      this.metrics.call(this.name, failure.reason, seconds(started));
      throw failure;
    }
  }

  /** The retry of one call (2. above); made per call, since the budget is the call's. */
  private retryPolicy(request: OutboundRequest, deadline: number): RetryPolicy {
    const repeatable = IDEMPOTENT.has(request.method) || request.idempotencyKey !== undefined;
    return retry(
      handleWhen(
        (error) =>
          repeatable &&
          error instanceof AttemptFailure &&
          // The longest wait the jitter can draw ends before the budget does: a retry that
          // would wake up to no time left is not worth sleeping for.
          retryWaitMs(error.attempt, error.retryAfterMs, this.settings, () => 1) < deadline - performance.now(),
      ),
      {
        maxAttempts: this.settings.maxRetries,
        backoff: new DelegateBackoff(({ attempt, result }: { attempt: number; result: FailureReason<unknown> }) =>
          retryWaitMs(attempt, requestedWaitOf(result), this.settings),
        ),
      },
    );
  }

  /** One HTTP exchange within the attempt timeout: logged, counted, and its answer judged. */
  private async attempt<T>(request: OutboundRequest, attempt: number, signal: AbortSignal): Promise<OutboundResponse<T>> {
    // The budget ran out before the retry woke up (no retry is scheduled that would, but
    // timers are timers): nothing is sent.
    if (signal.aborted) throw new TaskCancelledError();
    const started = performance.now();
    let response: AxiosResponse<T>;
    try {
      response = await this.attemptTimeout.execute(
        ({ signal: attemptSignal }) => firstValueFrom(this.http.request<T>(configOf(request, attemptSignal))),
        signal,
      );
    } catch (error) {
      const outcome = outcomeOfError(error);
      // Not the service's doing (a body axios cannot send, say): a fault of ours, as it is.
      if (outcome === undefined) throw error;
      this.record(request, attempt, started, outcome, null, isAxiosError(error) ? error.code : undefined);
      // Cut short by the call's own timeout too: a slow answer, counted by the breaker (no
      // time is left for a retry, and the call has already failed).
      throw new AttemptFailure(outcome, attempt, null, undefined);
    }
    const outcome = outcomeOfStatus(response.status);
    this.record(request, attempt, started, outcome, response.status);
    if (outcome === 'server_error' || outcome === 'rate_limited') {
      const retryAfter = response.headers['retry-after'];
      throw new AttemptFailure(outcome, attempt, response.status, retryAfterMs(typeof retryAfter === 'string' ? retryAfter : undefined));
    }
    return { status: response.status, headers: AxiosHeaders.from(response.headers as AxiosHeaders).toJSON(true), data: response.data };
  }

  /** What a call that failed for good throws; anything that is no upstream failure is rethrown as it is. */
  private failureOf(error: unknown, request: OutboundRequest, attempt: number): UpstreamUnavailableError {
    if (error instanceof AttemptFailure) {
      return new UpstreamUnavailableError(this.name, error.outcome, error.statusCode, error.retryAfterMs);
    }
    if (error instanceof BrokenCircuitError) {
      this.record(request, attempt, performance.now(), 'circuit_open', null);
      return new UpstreamUnavailableError(this.name, 'circuit_open', null, this.openedAt + this.settings.breakerHalfOpenMs - Date.now());
    }
    if (error instanceof TaskCancelledError) return new UpstreamUnavailableError(this.name, 'timeout', null);
    throw error;
  }

  /** The `external_api_call` line of an attempt (SPEC-LOG-3), and its count. */
  private record(
    request: OutboundRequest,
    attempt: number,
    started: number,
    outcome: Outcome,
    statusCode: number | null,
    errorCode?: string,
  ): void {
    if (outcome !== 'circuit_open') this.metrics.attempt(this.name, outcome);
    logExternalApiCall(this.logger, { service: this.name, endpoint: request.path, method: request.method, statusCode, started, attempt, outcome, errorCode });
  }
}

function configOf(request: OutboundRequest, signal: AbortSignal): AxiosRequestConfig {
  return {
    method: request.method,
    url: request.path,
    data: request.body,
    headers: {
      ...request.headers,
      ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey }),
      ...traceHeaders(),
    },
    signal,
  };
}

/** How an attempt without an answer ended: our timeouts, or whatever axios met on the way. */
function outcomeOfError(error: unknown): 'timeout' | 'connection_error' | undefined {
  if (error instanceof TaskCancelledError) return 'timeout';
  if (!isAxiosError(error)) return undefined;
  return outcomeOfNoAnswer(error.code);
}

/** What the failed attempt's Retry-After asked for. */
function requestedWaitOf(result: FailureReason<unknown>): number | undefined {
  return 'error' in result && result.error instanceof AttemptFailure ? result.error.retryAfterMs : undefined;
}

function stateName(state: CircuitState): CircuitStateName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half_open';
  return 'open'; // Open, or Isolated (held open by hand), which no client does
}

const seconds = (started: number) => (performance.now() - started) / 1000;
