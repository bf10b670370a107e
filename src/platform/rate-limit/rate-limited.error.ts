import { DomainError } from '../../shared/domain/domain-error.js';

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly kind = 'rate_limited';
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, what: string) {
    super(`too many ${what}; retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
