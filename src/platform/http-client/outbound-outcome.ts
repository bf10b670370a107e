/**
 * How an outbound attempt or call ended: the `outcome` of the `external_api_call` lines and
 * the label of the outbound metrics, a fixed set so the series stay bounded.
 * - `success`: a 2xx or 3xx answer; `client_error`: a 4xx other than 429, returned to the
 *   caller as it is (the service is up, the request is wrong) and never retried;
 * - the rest are upstream failures, which the retry may retry and the breaker counts:
 *   `server_error` (5xx), `rate_limited` (429), `timeout`, `connection_error` (no answer:
 *   refused, reset, unresolvable, ...), and `circuit_open` (refused without trying).
 */
export const OUTCOMES = [
  'success',
  'client_error',
  'server_error',
  'rate_limited',
  'timeout',
  'connection_error',
  'circuit_open',
] as const;

export type Outcome = (typeof OUTCOMES)[number];

/** The outcomes that make a call fail with UpstreamUnavailableError. */
export type UpstreamFailure = Exclude<Outcome, 'success' | 'client_error'>;

/** What an answer's status says about the service. */
export function outcomeOfStatus(status: number): Exclude<Outcome, 'circuit_open'> {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'success';
}

/** axios's codes for a connection or socket that timed out by itself (the clients' own timeouts abort). */
const TIMEOUT_CODES: ReadonlySet<string | undefined> = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** How an attempt that got no answer ended, by axios's error code: a timeout, or no connection (refused, reset, unresolvable...). */
export function outcomeOfNoAnswer(code: string | undefined): 'timeout' | 'connection_error' {
  return TIMEOUT_CODES.has(code) ? 'timeout' : 'connection_error';
}

/**
 * One attempt that failed in a way that may pass: what the circuit breaker counts, and what
 * the retry retries when the method allows it and the wait fits in the call's budget. Never
 * leaves the client: the call ends with UpstreamUnavailableError instead.
 */
export class AttemptFailure extends Error {
  constructor(
    readonly outcome: Exclude<UpstreamFailure, 'circuit_open'>,
    /** 1 for the first attempt. */
    readonly attempt: number,
    readonly statusCode: number | null,
    /** What the answer's Retry-After asked for, in ms. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`attempt ${attempt} failed: ${outcome}${statusCode === null ? '' : ` ${statusCode}`}`);
    this.name = 'AttemptFailure';
  }
}
