import { DomainError } from '../../../shared/domain/domain-error.js';

export class JobNotFoundError extends DomainError {
  readonly code = 'JOB_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`job ${id} is not in the queue (never was, removed, or cleaned up after JOB_RETENTION_DAYS)`);
  }
}

/** Only a failed job is retried: one still waiting or running will run anyway, a completed one has done its work. */
export class JobNotFailedError extends DomainError {
  readonly code = 'JOB_NOT_FAILED';
  readonly kind = 'conflict';

  constructor(id: string, state: string) {
    super(`job ${id} is ${state}, not failed: only a failed job can be retried`);
  }
}

/** A job is retried once; a retry that fails is retried in its turn. */
export class JobRetriedAlreadyError extends DomainError {
  readonly code = 'JOB_RETRIED_ALREADY';
  readonly kind = 'conflict';

  constructor(id: string, retriedAs: string | null) {
    super(`job ${id} has been retried already${retriedAs ? ` as ${retriedAs}: retry that one if it failed` : ''}`);
  }
}

export class JobRunningError extends DomainError {
  readonly code = 'JOB_RUNNING';
  readonly kind = 'conflict';
  override readonly retryAfterSeconds = 5;

  constructor(id: string) {
    super(`job ${id} is running now: it can be removed once this attempt has ended`);
  }
}
