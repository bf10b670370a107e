/**
 * What kind of rule a domain error breaks. The interface layer maps each kind to a
 * transport status (HTTP 400, 404, 409, 412, 422); the domain never speaks HTTP.
 * `unavailable` is no broken rule but an outage of something the work needs (another
 * service): it passes by itself, so the client is told to come back.
 */
export type DomainErrorKind =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'rule_violation'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'unavailable';

/** One offending field of a rule violation, named as the client sent it. */
export interface FieldViolation {
  field: string;
  message: string;
}

/**
 * Base of every error the domain and the use cases raise on purpose.
 * `code` is stable: clients and the problem `type` are derived from it.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** For a refusal that passes by itself (a conflict with a running request, an outage): when to try again, in seconds. */
  readonly retryAfterSeconds?: number;
  /** A refusal made on purpose to shed load (overload protection): no fault to log; the request line and the metrics count it. */
  readonly shedsLoad?: boolean;
  /** For `unauthenticated`: the `WWW-Authenticate` challenge (RFC 6750), `Bearer realm="process-todo"` by default. */
  readonly challenge?: string;

  protected constructor(
    message: string,
    readonly fields: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value broke an invariant of the model; names the field it broke. */
export class InvariantViolationError extends DomainError {
  readonly code = 'INVARIANT_VIOLATION';
  readonly kind = 'rule_violation';

  constructor(field: string, message: string) {
    super(`${field} ${message}`, [{ field, message }]);
  }
}

/** The client's copy is older than the stored one (optimistic concurrency). */
export class StaleVersionError extends DomainError {
  readonly code = 'STALE_VERSION';
  readonly kind = 'stale_version';
  /** The versions the write was conditional on (If-Match); none when its tags name no version. */
  readonly expectedVersions: readonly number[];

  constructor(
    readonly resource: string,
    readonly id: string,
    expected: number | readonly number[],
    readonly actualVersion: number,
  ) {
    const versions = typeof expected === 'number' ? [expected] : expected;
    super(
      `${resource} ${id} is at version ${actualVersion}, ${
        versions.length > 0 ? `not ${versions.join(' or ')}` : 'which no tag of the If-Match names'
      }; reload it and try again`,
    );
    this.expectedVersions = versions;
  }
}
