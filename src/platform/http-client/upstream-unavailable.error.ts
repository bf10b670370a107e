import { DomainError } from '../../shared/domain/domain-error.js';
import type { UpstreamFailure } from './outbound-outcome.js';

/** A `Retry-After` longer than this is no advice a client can act on; it is passed on as this. */
export const MAX_RETRY_AFTER_SECONDS = 3_600;

const WHY: Record<UpstreamFailure, string> = {
  server_error: 'it answered with a server error',
  rate_limited: 'it is refusing calls for now (429)',
  timeout: 'it did not answer in time',
  connection_error: 'it could not be reached',
  circuit_open: 'it failed repeatedly; calls to it are paused',
};

/**
 * A call to another service failed after every retry its client allows, or was refused at
 * once by the client's open circuit. In a request it becomes a 503 problem
 * (`urn:process-todo:problem:upstream-unavailable`) with `Retry-After`: when the circuit
 * closes again, or what the service itself asked for, else the default of every 503. It
 * carries no part of the upstream's answer or of the underlying error (headers, bodies,
 * URLs): the `external_api_call` lines of its attempts tell what happened.
 */
export class UpstreamUnavailableError extends DomainError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly kind = 'unavailable';
  override readonly retryAfterSeconds?: number;

  constructor(
    /** The client's name, as registered. */
    readonly service: string,
    readonly reason: UpstreamFailure,
    /** The status of the last answer, if the last attempt got one. */
    readonly statusCode: number | null,
    retryAfterMs?: number,
  ) {
    super(`the ${service} service is unavailable: ${WHY[reason]}; retry after the delay in Retry-After`);
    if (retryAfterMs !== undefined) {
      this.retryAfterSeconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(retryAfterMs / 1000)));
    }
  }
}
