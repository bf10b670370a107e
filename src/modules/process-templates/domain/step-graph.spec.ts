import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuplicateStepKeyError,
  SelfDependentStepError,
  StepCountError,
  StepCycleError,
  UnknownStepDependencyError,
} from './process-template.errors.js';
import { type GraphStep, assertValidStepGraph, topologicalOrder } from './step-graph.js';

const step = (key: string, ...dependsOn: string[]): GraphStep => ({ key, dependsOn });

function errorOf(run: () => unknown): { code: string; fields: { field: string; message: string }[] } {
  try {
    run();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected an error');
}

/**
 * A random DAG in creation order (every step depends only on steps made before it),
 * at least one edge, then shuffled: the order a client might send it in.
 */
const dagArb = fc.integer({ min: 2, max: 30 }).chain((n) =>
  fc
    .array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })
    .map((edges) =>
      Array.from({ length: n }, (_, i) => {
        const earlier = Array.from({ length: i }, (_, j) => j);
        const dependsOn = earlier.filter((j) => edges[i]![j] || (i === 1 && j === 0));
        return step(`s${i}`, ...dependsOn.map((j) => `s${j}`));
      }),
    ),
);
const shuffledDagArb = dagArb.chain((steps) =>
  fc.shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length }),
);

/** Pairs (a, b) where a depends on b, directly or through other steps. */
function reachablePairs(steps: readonly GraphStep[]): [string, string][] {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const pairs: [string, string][] = [];
  for (const start of steps) {
    const seen = new Set<string>();
    const todo = [...start.dependsOn];
    while (todo.length) {
      const key = todo.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([start.key, key]);
      todo.push(...byKey.get(key)!.dependsOn);
    }
  }
  return pairs;
}

describe('assertValidStepGraph', () => {
  it('names the step of a cycle, in the order work would flow', () => {
    const error = errorOf(() =>
      assertValidStepGraph([step('draft'), step('review', 'draft', 'approve'), step('approve', 'review')]),
    );
    expect(error).toBeInstanceOf(StepCycleError);
    expect(error.fields).toEqual([
      { field: 'steps.2.dependsOn', message: 'forms a cycle: review -> approve -> review' },
    ]);
  });

  it('names every duplicate key with the step that had it first', () => {
    const error = errorOf(() => assertValidStepGraph([step('a'), step('b'), step('a'), step('b')]));
    expect(error).toBeInstanceOf(DuplicateStepKeyError);
    expect(error.fields).toEqual([
      { field: 'steps.2.key', message: 'a is already the key of steps.0' },
      { field: 'steps.3.key', message: 'b is already the key of steps.1' },
    ]);
  });

  it('names the step and the unknown key it depends on', () => {
    const error = errorOf(() => assertValidStepGraph([step('a'), step('b', 'a', 'sign')]));
    expect(error).toBeInstanceOf(UnknownStepDependencyError);
    expect(error.fields).toEqual([{ field: 'steps.1.dependsOn', message: 'b depends on unknown step sign' }]);
  });

  it('refuses a step that depends on itself', () => {
    const error = errorOf(() => assertValidStepGraph([step('a', 'a')]));
    expect(error).toBeInstanceOf(SelfDependentStepError);
    expect(error.fields).toEqual([{ field: 'steps.0.dependsOn', message: 'a depends on itself' }]);
  });

  it.each([0, 201])('refuses %i steps', (n) => {
    const steps = Array.from({ length: n }, (_, i) => step(`s${i}`));
    expect(() => assertValidStepGraph(steps)).toThrow(StepCountError);
  });

  it('accepts 200 steps in one long chain', () => {
    const steps = Array.from({ length: 200 }, (_, i) => step(`s${i}`, ...(i ? [`s${i - 1}`] : [])));
    expect(() => assertValidStepGraph(steps.reverse())).not.toThrow();
  });

  it('accepts any DAG (property)', () => {
    fc.assert(
      fc.property(shuffledDagArb, (steps) => {
        assertValidStepGraph(steps);
      }),
    );
  });

  it('refuses an edge that closes a cycle, naming a real cycle (property)', () => {
    fc.assert(
      fc.property(shuffledDagArb, fc.nat(), (steps, pick) => {
        const pairs = reachablePairs(steps);
        // b depends on a (through any path); making a depend on b closes a cycle.
        const [b, a] = pairs[pick % pairs.length]!;
        const cyclic = steps.map((s) => (s.key === a ? step(s.key, ...s.dependsOn, b) : s));

        const error = errorOf(() => assertValidStepGraph(cyclic));
        expect(error).toBeInstanceOf(StepCycleError);
        const cycle = (error as unknown as StepCycleError).cycle;
        const byKey = new Map(cyclic.map((s) => [s.key, s]));
        expect(cycle[0]).toBe(cycle.at(-1));
        expect(new Set(cycle.slice(1)).size).toBe(cycle.length - 1);
        for (let i = 1; i < cycle.length; i++) {
          // Each step waits for the one before it.
          expect(byKey.get(cycle[i]!)!.dependsOn).toContain(cycle[i - 1]);
        }
        expect(error.fields[0]!.message).toBe(`forms a cycle: ${cycle.join(' -> ')}`);
        const blamed = cyclic[Number(/^steps\.(\d+)\.dependsOn$/.exec(error.fields[0]!.field)![1])]!;
        expect(cycle).toContain(blamed.key);
      }),
    );
  });
});

describe('topologicalOrder', () => {
  it('puts every dependency before its dependent, and keeps every step once (property)', () => {
    fc.assert(
      fc.property(shuffledDagArb, (steps) => {
        const order = topologicalOrder(steps);
        expect([...order].sort((x, y) => x.key.localeCompare(y.key))).toEqual(
          [...steps].sort((x, y) => x.key.localeCompare(y.key)),
        );
        const position = new Map(order.map((s, i) => [s.key, i]));
        for (const s of order) {
          for (const dependency of s.dependsOn) {
            expect(position.get(dependency)!).toBeLessThan(position.get(s.key)!);
          }
        }
      }),
    );
  });

  it('keeps steps already in a valid order as they are (property)', () => {
    fc.assert(
      fc.property(dagArb, (steps) => {
        expect(topologicalOrder(steps)).toEqual(steps);
      }),
    );
  });

  it('breaks ties in the given order', () => {
    const steps = [step('sign', 'draft'), step('notify'), step('draft'), step('archive', 'sign')];
    expect(topologicalOrder(steps).map((s) => s.key)).toEqual(['notify', 'draft', 'sign', 'archive']);
  });

  it('returns the objects it was given, with their other fields', () => {
    const steps = [{ key: 'b', dependsOn: ['a'], extra: 2 }, { key: 'a', dependsOn: [], extra: 1 }];
    expect(topologicalOrder(steps)).toEqual([steps[1], steps[0]]);
  });

  it('refuses a cycle', () => {
    expect(() => topologicalOrder([step('a', 'b'), step('b', 'a')])).toThrow(StepCycleError);
  });
});
