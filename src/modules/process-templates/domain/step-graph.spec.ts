import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChainTooLongError,
  DependencyCountError,
  DuplicateStepKeyError,
  SelfDependentStepError,
  StepCountError,
  StepCycleError,
  UnknownStepDependencyError,
} from './process-template.errors.js';
import {
  CHAIN_WORKING_DAYS_MAX,
  type ChainStep,
  DEPENDENCIES_MAX,
  type GraphStep,
  assertChainsFitPlanSpan,
  assertValidStepGraph,
  topologicalOrder,
} from './step-graph.js';

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

/** 200 steps, each depending on up to 20 steps right before it, `total` dependencies in all. */
function withDependencies(total: number): GraphStep[] {
  let left = total;
  return Array.from({ length: 200 }, (_, i) => {
    const count = Math.min(i, 20, left);
    left -= count;
    return step(`s${i}`, ...Array.from({ length: count }, (_, j) => `s${i - 1 - j}`));
  });
}

describe('the dependency cap', () => {
  it(`accepts ${DEPENDENCIES_MAX} dependencies in all, and one step waiting for all 199 others`, () => {
    expect(DEPENDENCIES_MAX).toBe(2_000);
    const steps = withDependencies(DEPENDENCIES_MAX);
    expect(steps.reduce((sum, s) => sum + s.dependsOn.length, 0)).toBe(DEPENDENCIES_MAX);
    expect(() => assertValidStepGraph(steps)).not.toThrow();
    const fanIn = Array.from({ length: 200 }, (_, i) => (i < 199 ? step(`s${i}`) : step('last', ...Array.from({ length: 199 }, (_, j) => `s${j}`))));
    expect(() => assertValidStepGraph(fanIn)).not.toThrow();
  });

  it('refuses one more, naming the step whose dependsOn goes past the cap', () => {
    const steps = withDependencies(DEPENDENCIES_MAX + 1);
    const error = errorOf(() => assertValidStepGraph(steps));
    expect(error).toBeInstanceOf(DependencyCountError);
    expect(error.code).toBe('TEMPLATE_DEPENDENCY_COUNT');
    // 0 + 1 + ... + 19 = 190 for steps 0-19, then 20 each up to 1,990 at step 109: step 110 adds the last 11.
    expect(error.fields).toEqual([{ field: 'steps.110.dependsOn', message: 'takes the template past 2000 dependencies in all' }]);
    expect((error as unknown as Error).message).toBe(
      'a template has at most 2000 dependencies in all (the dependsOn entries of every step), not 2001',
    );
  });

  it('refuses the template of the issue: 200 steps, each depending on all earlier ones', () => {
    const steps = Array.from({ length: 200 }, (_, i) => step(`s${i}`, ...Array.from({ length: i }, (_, j) => `s${j}`)));
    expect(errorOf(() => assertValidStepGraph(steps))).toMatchObject({
      code: 'TEMPLATE_DEPENDENCY_COUNT',
      fields: [{ field: 'steps.63.dependsOn' }],
    });
  });
});

const chainStep = (key: string, durationDays: number, lagDays: number, ...dependsOn: string[]): ChainStep => ({
  key,
  durationDays,
  lagDays,
  dependsOn,
});

/** The working days of the longest chain, by trying every path (small graphs only). */
function longestChain(steps: readonly ChainStep[]): number {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const ending = (s: ChainStep): number =>
    s.durationDays + Math.max(0, ...s.dependsOn.map((key) => ending(byKey.get(key)!) + s.lagDays));
  return Math.max(...steps.map(ending));
}

describe('the chain cap', () => {
  it(`accepts a chain of ${CHAIN_WORKING_DAYS_MAX} working days, durations and lags, and refuses one more`, () => {
    expect(CHAIN_WORKING_DAYS_MAX).toBe(3_653);
    // 5 x 365 + 4 lags: 1,825 + 1,460 = 3,285; the last lag makes up the rest.
    const chain = (lastLag: number) => [
      chainStep('a', 365, 0),
      chainStep('b', 365, 365, 'a'),
      chainStep('c', 365, 365, 'b'),
      chainStep('d', 365, 365, 'c'),
      chainStep('e', 365, 365, 'd'),
      chainStep('f', 3, lastLag, 'e'),
      chainStep('side', 1, 0),
    ];
    expect(() => assertChainsFitPlanSpan(chain(365))).not.toThrow();
    const error = errorOf(() => assertChainsFitPlanSpan(chain(366)));
    expect(error).toBeInstanceOf(ChainTooLongError);
    expect(error.code).toBe('TEMPLATE_CHAIN_TOO_LONG');
    expect(error.fields).toEqual([
      { field: 'steps.5.dependsOn', message: 'ends a chain of 6 steps that takes 3654 working days, over 3653' },
    ]);
    expect((error as unknown as Error).message).toBe(
      'the chain of 6 steps a -> b -> c -> d -> e -> f takes 3654 working days (durations and lags); ' +
        'a chain may take at most 3653, the 10 years a plan may span, so no calendar could plan it',
    );
  });

  it('refuses the template of the issue, naming its first chain too long, shortened in the message', () => {
    const steps = Array.from({ length: 200 }, (_, i) =>
      chainStep(`s${i}`, 365, 365, ...Array.from({ length: Math.min(i, 5) }, (_, j) => `s${i - 1 - j}`)),
    );
    const error = errorOf(() => assertChainsFitPlanSpan(steps));
    // s0..s5: 6 x 365 + 5 x 365 = 4,015 working days.
    expect(error.fields[0]!.field).toBe('steps.5.dependsOn');
    expect((error as unknown as Error).message).toMatch(/^the chain of 6 steps s0 -> s1 -> s2 -> s3 -> s4 -> s5 takes 4015 /);
    const long = Array.from({ length: 12 }, (_, i) => chainStep(`s${i}`, 300, 30, ...(i ? [`s${i - 1}`] : [])));
    expect((errorOf(() => assertChainsFitPlanSpan(long)) as unknown as Error).message).toMatch(
      /^the chain of 12 steps s0 -> s1 -> s2 -> \.\.\. -> s9 -> s10 -> s11 takes 3930 /,
    );
  });

  it('refuses exactly the templates whose longest chain is over the cap (property)', () => {
    const chainsArb = dagArb.chain((steps) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: 1, max: 365 }), { minLength: steps.length, maxLength: steps.length }),
          fc.array(fc.integer({ min: 0, max: 365 }), { minLength: steps.length, maxLength: steps.length }),
        )
        .map(([durations, lags]) => steps.map((s, i) => chainStep(s.key, durations[i]!, lags[i]!, ...s.dependsOn))),
    );
    fc.assert(
      fc.property(chainsArb.filter((steps) => steps.length <= 12), (steps) => {
        const longest = longestChain(steps);
        if (longest <= CHAIN_WORKING_DAYS_MAX) {
          assertChainsFitPlanSpan(steps);
          return;
        }
        const error = errorOf(() => assertChainsFitPlanSpan(steps)) as unknown as ChainTooLongError;
        expect(error).toBeInstanceOf(ChainTooLongError);
        // The chain named is a real one, too long, ending at the step the field names.
        const byKey = new Map(steps.map((s) => [s.key, s]));
        const chain = error.chain.map((key) => byKey.get(key)!);
        for (let i = 1; i < chain.length; i++) expect(chain[i]!.dependsOn).toContain(chain[i - 1]!.key);
        const days = chain.reduce((sum, s, i) => sum + s.durationDays + (i ? s.lagDays : 0), 0);
        expect(error.workingDays).toBe(days);
        expect(days).toBeGreaterThan(CHAIN_WORKING_DAYS_MAX);
        expect(error.fields[0]!.field).toBe(`steps.${steps.indexOf(chain.at(-1)!)}.dependsOn`);
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });
});
