import { DomainError, type FieldViolation } from '../../../shared/domain/domain-error.js';

export class TemplateNotFoundError extends DomainError {
  readonly code = 'TEMPLATE_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly templateId: string) {
    super(`process template ${templateId} does not exist`);
  }
}

export class TemplateVersionNotFoundError extends DomainError {
  readonly code = 'TEMPLATE_VERSION_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(
    readonly templateId: string,
    readonly version: number,
  ) {
    super(`process template ${templateId} has no version ${version}`);
  }
}

/** An archived template is kept for the cases that use it, but is neither revised nor started. */
export class TemplateArchivedError extends DomainError {
  readonly code = 'TEMPLATE_ARCHIVED';
  readonly kind = 'conflict';

  constructor(
    readonly templateId: string,
    action: string,
  ) {
    super(`process template ${templateId} is archived and cannot ${action}; restore it first`);
  }
}

export class StepCountError extends DomainError {
  readonly code = 'TEMPLATE_STEP_COUNT';
  readonly kind = 'rule_violation';

  constructor(min: number, max: number, actual: number) {
    super(`a template has ${min} to ${max} steps, not ${actual}`, [
      { field: 'steps', message: `must hold ${min} to ${max} steps` },
    ]);
  }
}

export class DuplicateStepKeyError extends DomainError {
  readonly code = 'TEMPLATE_DUPLICATE_STEP_KEY';
  readonly kind = 'rule_violation';

  constructor(
    readonly keys: readonly string[],
    fields: readonly FieldViolation[],
  ) {
    super(`step keys must be unique; used more than once: ${keys.join(', ')}`, fields);
  }
}

export class UnknownStepDependencyError extends DomainError {
  readonly code = 'TEMPLATE_UNKNOWN_DEPENDENCY';
  readonly kind = 'rule_violation';

  constructor(fields: readonly FieldViolation[]) {
    super(
      `steps depend on steps the template does not have: ${fields.map((f) => f.message).join('; ')}`,
      fields,
    );
  }
}

export class SelfDependentStepError extends DomainError {
  readonly code = 'TEMPLATE_SELF_DEPENDENCY';
  readonly kind = 'rule_violation';

  constructor(
    readonly keys: readonly string[],
    fields: readonly FieldViolation[],
  ) {
    super(`a step cannot depend on itself: ${keys.join(', ')}`, fields);
  }
}

/** `cycle` lists the keys in the order the work would flow, ending where it began. */
export class StepCycleError extends DomainError {
  readonly code = 'TEMPLATE_DEPENDENCY_CYCLE';
  readonly kind = 'rule_violation';

  constructor(
    readonly cycle: readonly string[],
    field: string,
  ) {
    const path = cycle.join(' -> ');
    super(`the step dependencies form a cycle, so no step of it could ever start: ${path}`, [
      { field, message: `forms a cycle: ${path}` },
    ]);
  }
}

export class DependencyCountError extends DomainError {
  readonly code = 'TEMPLATE_DEPENDENCY_COUNT';
  readonly kind = 'rule_violation';

  constructor(max: number, actual: number, field: string) {
    super(
      `a template has at most ${max} dependencies in all (the dependsOn entries of every step), not ${actual}`,
      [{ field, message: `takes the template past ${max} dependencies in all` }],
    );
  }
}

/** `chain` lists the keys in the order the work would flow. */
export class ChainTooLongError extends DomainError {
  readonly code = 'TEMPLATE_CHAIN_TOO_LONG';
  readonly kind = 'rule_violation';

  constructor(
    readonly chain: readonly string[],
    readonly workingDays: number,
    max: number,
    field: string,
  ) {
    const path = chain.length <= 8 ? chain.join(' -> ') : [...chain.slice(0, 3), '...', ...chain.slice(-3)].join(' -> ');
    const years = Math.round(max / 365.25);
    super(
      `the chain of ${chain.length} steps ${path} takes ${workingDays} working days (durations and lags); ` +
        `a chain may take at most ${max}, the ${years} years a plan may span, so no calendar could plan it`,
      [{ field, message: `ends a chain of ${chain.length} steps that takes ${workingDays} working days, over ${max}` }],
    );
  }
}
