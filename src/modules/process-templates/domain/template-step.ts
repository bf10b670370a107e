import { InvariantViolationError } from '../../../shared/domain/domain-error.js';

export const STEP_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,49}$/;
export const STEP_NAME_MAX = 200;
export const DURATION_DAYS_MAX = 365;
export const LAG_DAYS_MAX = 365;

/**
 * One step of a process template. Durations and lags count working days of whatever
 * calendar a case is planned on, so a template means the same thing in every country.
 */
export interface TemplateStep {
  /** Stable identifier inside the template: other steps name it in `dependsOn`. */
  readonly key: string;
  readonly name: string;
  /** Working days the step takes, at least one. */
  readonly durationDays: number;
  /** Keys of the steps that must be due before this one starts. */
  readonly dependsOn: readonly string[];
  /** Working days that must pass between the due date of each dependency and this step's start. */
  readonly lagDays: number;
  readonly defaultAssigneeId: string | null;
}

export interface NewTemplateStep {
  key: string;
  name: string;
  durationDays: number;
  dependsOn?: readonly string[];
  lagDays?: number;
  defaultAssigneeId?: string | null;
}

/**
 * The name of a step's field as the client sent it, e.g. `steps.2.dependsOn`: the same
 * dotted path the request validation uses, so a client maps 400s and 422s alike.
 */
export function stepField(index: number, field?: keyof TemplateStep): string {
  return field === undefined ? `steps.${index}` : `steps.${index}.${field}`;
}

/** Checks one step on its own (the graph rules live in step-graph.ts); the name is trimmed. */
export function toTemplateStep(input: NewTemplateStep, index: number): TemplateStep {
  const fail = (field: keyof TemplateStep, message: string): never => {
    throw new InvariantViolationError(stepField(index, field), message);
  };
  if (typeof input.key !== 'string' || !STEP_KEY_PATTERN.test(input.key)) {
    fail('key', 'must be 1-50 lower-case letters, digits, _ or -, starting with a letter or digit');
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0) fail('name', 'must not be blank');
  if (name.length > STEP_NAME_MAX) fail('name', `must be at most ${STEP_NAME_MAX} characters`);
  if (!isIntegerIn(input.durationDays, 1, DURATION_DAYS_MAX)) {
    fail('durationDays', `must be an integer from 1 to ${DURATION_DAYS_MAX} working days`);
  }
  const lagDays = input.lagDays ?? 0;
  if (!isIntegerIn(lagDays, 0, LAG_DAYS_MAX)) {
    fail('lagDays', `must be an integer from 0 to ${LAG_DAYS_MAX} working days`);
  }
  const dependsOn = [...(input.dependsOn ?? [])];
  if (new Set(dependsOn).size !== dependsOn.length) {
    fail('dependsOn', 'must not name the same step twice');
  }
  return {
    key: input.key,
    name,
    durationDays: input.durationDays,
    dependsOn,
    lagDays,
    defaultAssigneeId: input.defaultAssigneeId ?? null,
  };
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}
