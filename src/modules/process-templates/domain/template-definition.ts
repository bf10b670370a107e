import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { assertChainsFitPlanSpan, assertValidStepGraph } from './step-graph.js';
import { type NewTemplateStep, type TemplateStep, toTemplateStep } from './template-step.js';

export const TEMPLATE_NAME_MAX = 200;
export const TEMPLATE_DESCRIPTION_MAX = 10_000;

/** What one version of a template says: its name, its text and its steps. Never changes once stored. */
export interface TemplateDefinition {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly TemplateStep[];
}

export interface NewTemplateDefinition {
  name: string;
  description?: string;
  steps: readonly NewTemplateStep[];
}

/**
 * Checks a definition: each field, each step, then the steps as a graph and the length
 * of their chains. The name is trimmed.
 */
export function toTemplateDefinition(input: NewTemplateDefinition): TemplateDefinition {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0) throw new InvariantViolationError('name', 'must not be blank');
  if (name.length > TEMPLATE_NAME_MAX) {
    throw new InvariantViolationError('name', `must be at most ${TEMPLATE_NAME_MAX} characters`);
  }
  const description = input.description ?? '';
  if (description.length > TEMPLATE_DESCRIPTION_MAX) {
    throw new InvariantViolationError(
      'description',
      `must be at most ${TEMPLATE_DESCRIPTION_MAX} characters`,
    );
  }
  if (!Array.isArray(input.steps)) throw new InvariantViolationError('steps', 'must be a list');
  const steps = input.steps.map(toTemplateStep);
  assertValidStepGraph(steps);
  assertChainsFitPlanSpan(steps);
  return { name, description, steps };
}

/** True when two definitions say the same thing, so a revision to it would add nothing. */
export function sameDefinition(a: TemplateDefinition, b: TemplateDefinition): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.steps.length === b.steps.length &&
    a.steps.every((step, i) => sameStep(step, b.steps[i]!))
  );
}

function sameStep(a: TemplateStep, b: TemplateStep): boolean {
  return (
    a.key === b.key &&
    a.name === b.name &&
    a.durationDays === b.durationDays &&
    a.lagDays === b.lagDays &&
    a.defaultAssigneeId === b.defaultAssigneeId &&
    a.dependsOn.length === b.dependsOn.length &&
    a.dependsOn.every((key, i) => key === b.dependsOn[i])
  );
}
