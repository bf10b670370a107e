import { DomainError } from '../../shared/domain/domain-error.js';

/** No access token, or one that is malformed, expired, wrongly signed or of another algorithm. */
export class InvalidAccessTokenError extends DomainError {
  readonly code = 'INVALID_ACCESS_TOKEN';
  readonly kind = 'unauthenticated';
  override readonly challenge = 'Bearer realm="process-todo", error="invalid_token"';

  constructor(reason: string) {
    super(`a valid access token is required (${reason}); sign in at POST /auth/login`);
  }
}

export class AccessDeniedError extends DomainError {
  readonly code = 'ACCESS_DENIED';
  readonly kind = 'forbidden';

  constructor() {
    super('your role may not do this');
  }
}
