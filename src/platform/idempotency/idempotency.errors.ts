import { DomainError } from '../../shared/domain/domain-error.js';

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'conflict';

  constructor() {
    super('this Idempotency-Key was used with another request body; use a new key for a new request', [
      { field: 'Idempotency-Key', message: 'was used with another body' },
    ]);
  }
}

export class IdempotentRequestInProgressError extends DomainError {
  readonly code = 'IDEMPOTENT_REQUEST_IN_PROGRESS';
  readonly kind = 'conflict';
  /** The first request usually finishes within a second; then the retry gets its answer. */
  override readonly retryAfterSeconds = 1;

  constructor() {
    super('a request with this Idempotency-Key is still running; retry when it has finished', [
      { field: 'Idempotency-Key', message: 'is in use by a running request' },
    ]);
  }
}
