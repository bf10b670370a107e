import { DomainError } from '../../../shared/domain/domain-error.js';

export class CaseNotFoundError extends DomainError {
  readonly code = 'CASE_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly caseId: string) {
    super(`case ${caseId} does not exist`);
  }
}

export class StepNotFoundError extends DomainError {
  readonly code = 'STEP_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(caseId: string, stepKey: string, field = 'stepKey') {
    super(`case ${caseId} has no step ${stepKey}`, [{ field, message: `no step ${stepKey} in this case` }]);
  }
}

export class InvalidCaseTransitionError extends DomainError {
  readonly code = 'CASE_INVALID_TRANSITION';
  readonly kind = 'conflict';

  constructor(from: string, to: string, allowed: readonly string[], reason?: string) {
    super(
      reason ?? `a ${from} case cannot move to ${to}; from ${from} it can move to ${allowed.join(', ') || 'nothing'}`,
      [{ field: 'status', message: `cannot move from ${from} to ${to}` }],
    );
  }
}

export class InvalidStepTransitionError extends DomainError {
  readonly code = 'STEP_INVALID_TRANSITION';
  readonly kind = 'conflict';

  constructor(stepKey: string, from: string, to: string, allowed: readonly string[]) {
    super(
      `step ${stepKey} is ${from} and cannot move to ${to}; it can move to ${allowed.join(', ')}`,
      [{ field: 'status', message: `cannot move from ${from} to ${to}` }],
    );
  }
}

export class CaseClosedError extends DomainError {
  readonly code = 'CASE_CLOSED';
  readonly kind = 'conflict';

  constructor(caseId: string, status: string) {
    super(`case ${caseId} is ${status}; it cannot change`);
  }
}

export class FinishedStepCannotMoveError extends DomainError {
  readonly code = 'FINISHED_STEP_CANNOT_MOVE';
  readonly kind = 'conflict';

  constructor(stepKey: string, field: string) {
    super(`step ${stepKey} is finished; its dates never move`, [{ field, message: 'the step is finished' }]);
  }
}

/**
 * A step would have to start further back than a plan may reach (PLAN_SPAN_MAX_DAYS before
 * the goal's working day) on the case's calendar. Named on `goalDate`, the date the span
 * is measured back from.
 */
export class PlanTooLongError extends DomainError {
  readonly code = 'CASE_PLAN_TOO_LONG';
  readonly kind = 'rule_violation';

  constructor(
    readonly stepKey: string,
    /** Where the step would start; null when that is before year 1. */
    readonly start: string | null,
    readonly earliestAllowed: string,
    readonly dueBy: string,
    maxDays: number,
  ) {
    const years = Math.round(maxDays / 365.25);
    const where = start === null ? 'before the year 1' : `on ${start}`;
    super(
      `step ${stepKey} would have to start ${where}, but a plan may reach back at most ${maxDays} days ` +
        `(${years} years) from the goal's working day ${dueBy}, to ${earliestAllowed}; ` +
        'shorten the durations or lags of the template, or plan on a calendar with more working days',
      [{ field: 'goalDate', message: `the steps would have to start more than ${maxDays} days (${years} years) before it` }],
    );
  }
}

/** A member may change only cases they started, and steps assigned to them (the permission table's `own`). */
export class NotYourCaseError extends DomainError {
  readonly code = 'NOT_YOUR_CASE';
  readonly kind = 'forbidden';

  constructor(id: string) {
    super(`case ${id} is not yours (nor is the step assigned to you); your role may change only those`);
  }
}
