import type { FieldViolation } from '../../../shared/domain/domain-error.js';
import {
  ChainTooLongError,
  DependencyCountError,
  DuplicateStepKeyError,
  SelfDependentStepError,
  StepCountError,
  StepCycleError,
  UnknownStepDependencyError,
} from './process-template.errors.js';
import { type TemplateStep, stepField } from './template-step.js';

export const STEPS_MIN = 1;
export const STEPS_MAX = 200;
/**
 * The most dependencies a template may have in all, counting every `dependsOn` entry of
 * every step: 10 per step on average at 200 steps, while one step may still wait for all
 * the others. It bounds what a template costs wherever its graph goes (the request body,
 * every case's stored steps and answers, each plan), and keeps the largest valid template
 * body well under the default BODY_LIMIT_BYTES (1 MiB): about 0.45 MB as compact JSON with
 * every name, key and description at its longest.
 */
export const DEPENDENCIES_MAX = 2_000;
/**
 * The most working days one chain of dependent steps may take, durations and lags along
 * it: 3,653, what the plan span of ten years (the cases' PLAN_SPAN_MAX_DAYS) holds on a
 * calendar where every day is a working day. A longer chain could be planned on no
 * calendar, so the template is refused when it is written, not when a case starts.
 */
export const CHAIN_WORKING_DAYS_MAX = 3_653;

/** What the graph rules look at; any step-like value (a case's step instances too) will do. */
export type GraphStep = Pick<TemplateStep, 'key' | 'dependsOn'>;

/** What the chain rule looks at. */
export type ChainStep = Pick<TemplateStep, 'key' | 'dependsOn' | 'durationDays' | 'lagDays'>;

/**
 * Checks that the steps of a template form a plan that can be laid out: 1 to 200 steps,
 * at most DEPENDENCIES_MAX dependencies, unique keys, dependencies on existing other
 * steps, and no cycle. The first kind of problem found is raised, naming every step that
 * has it.
 */
export function assertValidStepGraph(steps: readonly GraphStep[]): void {
  if (steps.length < STEPS_MIN || steps.length > STEPS_MAX) {
    throw new StepCountError(STEPS_MIN, STEPS_MAX, steps.length);
  }
  assertDependencyCount(steps);
  assertDependencyGraph(steps);
}

/**
 * Checks that no chain of steps (each depending on the one before) takes more than
 * CHAIN_WORKING_DAYS_MAX working days from the first one's start to the last one's due
 * date: the sum of their durations and of the lags between them. Names the step that
 * ends the first chain found too long. Linear in steps plus dependencies; the steps must
 * pass assertValidStepGraph.
 */
export function assertChainsFitPlanSpan(steps: readonly ChainStep[]): void {
  const indexOf = new Map(steps.map((step, i) => [step.key, i]));
  /** Working days of the longest chain ending with the step, and the step before it there. */
  const longest = new Map<string, { days: number; after: string | undefined }>();
  for (const step of topologicalOrder(steps)) {
    let after: string | undefined;
    let before = 0;
    for (const key of step.dependsOn) {
      const days = longest.get(key)!.days;
      if (after === undefined || days > before) {
        after = key;
        before = days;
      }
    }
    const days = after === undefined ? step.durationDays : before + step.lagDays + step.durationDays;
    longest.set(step.key, { days, after });
    if (days > CHAIN_WORKING_DAYS_MAX) {
      const chain = [step.key];
      for (let key = after; key !== undefined; key = longest.get(key)!.after) chain.unshift(key);
      throw new ChainTooLongError(chain, days, CHAIN_WORKING_DAYS_MAX, stepField(indexOf.get(step.key)!, 'dependsOn'));
    }
  }
}

/** Names the step whose dependsOn takes the running total past DEPENDENCIES_MAX. */
function assertDependencyCount(steps: readonly GraphStep[]): void {
  const total = steps.reduce((sum, step) => sum + step.dependsOn.length, 0);
  if (total <= DEPENDENCIES_MAX) return;
  let running = 0;
  const over = steps.findIndex((step) => (running += step.dependsOn.length) > DEPENDENCIES_MAX);
  throw new DependencyCountError(DEPENDENCIES_MAX, total, stepField(over, 'dependsOn'));
}

/**
 * The steps in an order where every step comes after all the steps it depends on.
 * Stable: among steps that could go next, the one given first goes first, so steps
 * already in a valid order keep it. Raises the errors of assertValidStepGraph (but
 * accepts any number of steps).
 *
 * @example
 * topologicalOrder([{ key: 'sign', dependsOn: ['draft'] }, { key: 'draft', dependsOn: [] }]);
 * // [{ key: 'draft', ... }, { key: 'sign', ... }]
 */
export function topologicalOrder<T extends GraphStep>(steps: readonly T[]): T[] {
  const indexOf = assertDependencyGraph(steps);
  const waitingFor = steps.map((step) => step.dependsOn.length);
  const dependents = steps.map((): number[] => []);
  steps.forEach((step, i) => {
    for (const key of step.dependsOn) dependents[indexOf.get(key)!]!.push(i);
  });

  // Indices of the steps whose dependencies are all placed, kept sorted ascending.
  const ready = steps.flatMap((_, i) => (waitingFor[i] === 0 ? [i] : []));
  const order: T[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    order.push(steps[next]!);
    for (const dependent of dependents[next]!) {
      if (--waitingFor[dependent]! === 0) insertSorted(ready, dependent);
    }
  }
  return order;
}

/** Every rule but the step count; returns each key's index. */
function assertDependencyGraph(steps: readonly GraphStep[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  const duplicates: FieldViolation[] = [];
  const duplicateKeys = new Set<string>();
  steps.forEach((step, i) => {
    const first = indexOf.get(step.key);
    if (first === undefined) {
      indexOf.set(step.key, i);
      return;
    }
    duplicateKeys.add(step.key);
    duplicates.push({
      field: stepField(i, 'key'),
      message: `${step.key} is already the key of ${stepField(first)}`,
    });
  });
  if (duplicates.length > 0) throw new DuplicateStepKeyError([...duplicateKeys], duplicates);

  const selfDependent = steps.flatMap((step, i) =>
    step.dependsOn.includes(step.key) ? [{ i, key: step.key }] : [],
  );
  if (selfDependent.length > 0) {
    throw new SelfDependentStepError(
      selfDependent.map((s) => s.key),
      selfDependent.map(({ i, key }) => ({
        field: stepField(i, 'dependsOn'),
        message: `${key} depends on itself`,
      })),
    );
  }

  const unknown = steps.flatMap((step, i) =>
    step.dependsOn
      .filter((key) => !indexOf.has(key))
      .map((key) => ({
        field: stepField(i, 'dependsOn'),
        message: `${step.key} depends on unknown step ${key}`,
      })),
  );
  if (unknown.length > 0) throw new UnknownStepDependencyError(unknown);

  const cycle = findCycle(steps, indexOf);
  if (cycle) {
    // Blame the last step of the cycle in the list: usually the edge just added.
    const blamed = Math.max(...cycle);
    const start = cycle.indexOf(Math.min(...cycle));
    const path = [...cycle.slice(start), ...cycle.slice(0, start), cycle[start]!];
    throw new StepCycleError(
      path.map((i) => steps[i]!.key),
      stepField(blamed, 'dependsOn'),
    );
  }
  return indexOf;
}

/**
 * A cycle of step indices in the order work would flow (each step depends on the one
 * before it, and the first on the last), or null. Depth-first along `dependsOn` in the
 * given order, so the same steps always report the same cycle.
 */
function findCycle(steps: readonly GraphStep[], indexOf: Map<string, number>): number[] | null {
  const NEW = 0;
  const ON_PATH = 1;
  const DONE = 2;
  const state = steps.map(() => NEW);
  const path: number[] = [];

  // Depth is bounded by the step count (200), so recursion is safe.
  const visit = (i: number): number[] | null => {
    state[i] = ON_PATH;
    path.push(i);
    for (const key of steps[i]!.dependsOn) {
      const j = indexOf.get(key)!;
      // The path runs from dependents to their dependencies; reversed, it runs the way work flows.
      if (state[j] === ON_PATH) return path.slice(path.indexOf(j)).reverse();
      if (state[j] === NEW) {
        const cycle = visit(j);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state[i] = DONE;
    return null;
  };

  for (let i = 0; i < steps.length; i++) {
    if (state[i] === NEW) {
      const cycle = visit(i);
      if (cycle) return cycle;
    }
  }
  return null;
}

function insertSorted(sorted: number[], value: number): void {
  let at = sorted.length;
  while (at > 0 && sorted[at - 1]! > value) at--;
  sorted.splice(at, 0, value);
}
