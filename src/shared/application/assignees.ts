import { DomainError } from '../domain/domain-error.js';

/** A user id given as an assignee, and the request field that gave it (for the 422's `errors`). */
export interface AssigneeRef {
  field: string;
  userId: string;
}

/**
 * Who may be given work: an existing, active user. Tasks and case steps ask before they
 * assign; the users module answers, with one read for all the ids of a request.
 *
 * @example
 * await this.assignees.assertAssignable([{ field: 'assigneeId', userId: command.assigneeId }]);
 */
export interface Assignees {
  /** Throws NotAssignableError naming every field whose user does not exist or is deactivated. */
  assertAssignable(refs: readonly AssigneeRef[]): Promise<void>;
}

export const ASSIGNEES = Symbol('Assignees');

export class NotAssignableError extends DomainError {
  readonly code = 'ASSIGNEE_NOT_ACTIVE';
  readonly kind = 'rule_violation';

  constructor(fields: readonly string[]) {
    super(
      'work can be assigned only to an active user',
      fields.map((field) => ({ field, message: 'is not an active user' })),
    );
  }
}
