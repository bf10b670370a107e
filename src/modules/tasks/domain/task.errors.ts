import { DomainError } from '../../../shared/domain/domain-error.js';
import type { TaskStatus } from './task-status.js';

export class TaskNotFoundError extends DomainError {
  readonly code = 'TASK_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly taskId: string) {
    super(`task ${taskId} does not exist`);
  }
}

export class InvalidTaskTransitionError extends DomainError {
  readonly code = 'TASK_INVALID_TRANSITION';
  readonly kind = 'conflict';

  constructor(
    readonly from: TaskStatus,
    readonly to: TaskStatus,
    allowed: readonly TaskStatus[],
  ) {
    super(
      `a ${from} task cannot move to ${to}; from ${from} it can move to ${allowed.join(', ') || 'nothing'}`,
      [{ field: 'status', message: `cannot move from ${from} to ${to}` }],
    );
  }
}

export class TaskCancelledError extends DomainError {
  readonly code = 'TASK_CANCELLED';
  readonly kind = 'conflict';

  constructor(readonly taskId: string) {
    super(`task ${taskId} is cancelled; reopen it before changing it`);
  }
}

/** A member may change or delete only tasks they created or are assigned (the permission table's `own`). */
export class NotYourTaskError extends DomainError {
  readonly code = 'NOT_YOUR_TASK';
  readonly kind = 'forbidden';

  constructor(id: string) {
    super(`task ${id} is neither yours nor assigned to you; your role may change only those`);
  }
}
