import { DomainError } from '../../../shared/domain/domain-error.js';

export class UserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`user ${id} does not exist`);
  }
}

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('a user with this e-mail address exists', [{ field: 'email', message: 'is taken' }]);
  }
}

/**
 * Every failed sign-in, whatever the reason (unknown e-mail, wrong password, locked or
 * inactive account), is this one answer: nobody learns which accounts exist.
 */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly kind = 'unauthenticated';

  constructor() {
    super('the e-mail address or the password is wrong, or the account cannot sign in now');
  }
}

/** A refresh token that is unknown, expired, already used (its family is revoked) or revoked. */
export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';
  readonly kind = 'unauthenticated';

  constructor() {
    super('the refresh token is not valid; sign in again');
  }
}

export class WrongCurrentPasswordError extends DomainError {
  readonly code = 'WRONG_CURRENT_PASSWORD';
  readonly kind = 'rule_violation';

  constructor() {
    super('the current password is wrong', [{ field: 'currentPassword', message: 'is wrong' }]);
  }
}
