import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  type IsoWeekday,
  addDays,
  toDayNumber,
} from '../../../shared/domain/calendar-date.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import {
  PLAN_SPAN_MAX_DAYS,
  type PlannedStep,
  type Schedule,
  type ScheduleInput,
  type ScheduleWarning,
  type StepDates,
  type StepSpec,
  planBackward,
} from './backward-scheduler.js';
import { PlanTooLongError } from './case.errors.js';

const d = (value: string) => value as CalendarDate;
const mondayToFriday = new WorkingCalendar([1, 2, 3, 4, 5]);

/** Fixed seed by default so that failures replay; fast-check prints the seed and path on failure. */
const runs = { numRuns: 300, seed: Number(process.env.FC_SEED ?? 20261124) };

describe('planBackward, by example', () => {
  const steps: StepSpec[] = [
    { key: 'collect', durationDays: 3, dependsOn: [], lagDays: 0 },
    { key: 'review', durationDays: 2, dependsOn: ['collect'], lagDays: 1 },
    { key: 'sign', durationDays: 1, dependsOn: ['review'], lagDays: 0 },
  ];

  it('plans as late as possible from the goal, over working days', () => {
    // Goal Monday 2026-12-14: sign that day; review Thu-Fri 10-11; one lag day (Wed 9);
    // collect Fri 4 .. Tue 8.
    const plan = planBackward({ steps, goalDate: d('2026-12-14'), calendar: mondayToFriday, today: d('2026-11-24') });
    expect(plan.steps.map(({ key, start, due }) => ({ key, start, due }))).toEqual([
      { key: 'collect', start: '2026-12-04', due: '2026-12-08' },
      { key: 'review', start: '2026-12-10', due: '2026-12-11' },
      { key: 'sign', start: '2026-12-14', due: '2026-12-14' },
    ]);
    expect(plan.criticalPath).toEqual(['collect', 'review', 'sign']);
    expect(plan.warnings).toEqual([]);
  });

  it('moves a goal on a weekend to the working day before', () => {
    const plan = planBackward({ steps, goalDate: d('2026-12-13'), calendar: mondayToFriday, today: d('2026-11-24') });
    expect(plan.dueBy).toBe('2026-12-11');
    expect(plan.steps.at(-1)).toMatchObject({ key: 'sign', due: '2026-12-11' });
  });

  it('skips a holiday week', () => {
    const calendar = new WorkingCalendar([1, 2, 3, 4, 5], ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'].map(d));
    const plan = planBackward({ steps, goalDate: d('2026-12-14'), calendar, today: d('2026-11-24') });
    expect(plan.steps.find((s) => s.key === 'review')).toMatchObject({ start: '2026-12-03', due: '2026-12-04' });
    expect(plan.steps.find((s) => s.key === 'collect')).toMatchObject({ start: '2026-11-27', due: '2026-12-01' });
  });

  it('reports a step that would have to start before today, without moving it', () => {
    const plan = planBackward({ steps, goalDate: d('2026-11-26'), calendar: mondayToFriday, today: d('2026-11-24') });
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: 'STARTS_BEFORE_TODAY', stepKey: 'collect' }));
    expect(plan.steps.find((s) => s.key === 'collect')!.slackDays).toBeLessThan(0);
  });

  it('keeps a pinned step and plans its dependencies before it', () => {
    const fixed = new Map([['review', { start: d('2026-12-02'), due: d('2026-12-03') }]]);
    const plan = planBackward({ steps, goalDate: d('2026-12-14'), calendar: mondayToFriday, today: d('2026-11-24'), fixed });
    expect(plan.steps.find((s) => s.key === 'review')).toMatchObject({ start: '2026-12-02', due: '2026-12-03', fixed: true });
    expect(plan.steps.find((s) => s.key === 'collect')).toMatchObject({ start: '2026-11-26', due: '2026-11-30' });
  });

  it('warns when a fixed step breaks a dependency', () => {
    const fixed = new Map([['sign', { start: d('2026-12-01'), due: d('2026-12-01') }]]);
    const plan = planBackward({ steps, goalDate: d('2026-12-14'), calendar: mondayToFriday, today: d('2026-12-01'), fixed });
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: 'STARTS_BEFORE_TODAY', stepKey: 'review' }));
  });
});

// ---- properties over random DAGs, calendars and holidays ----

const dateArb = (from: string, to: string) =>
  fc.integer({ min: toDayNumber(d(from)), max: toDayNumber(d(to)) }).map((n) => addDays(d('1970-01-01'), n));

const calendarArb = fc
  .tuple(
    fc.subarray<IsoWeekday>([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    fc.array(dateArb('2026-01-01', '2027-12-31'), { maxLength: 60 }),
  )
  .map(([week, holidays]) => new WorkingCalendar(week, holidays));

/** Step i may depend only on steps before it: always a DAG. */
const stepsArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        key: fc.constant(`s${i}`),
        durationDays: fc.integer({ min: 1, max: 6 }),
        lagDays: fc.integer({ min: 0, max: 3 }),
        dependsOn: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`), { maxLength: Math.min(3, i) }),
      }),
    ),
  ),
);

const inputArb = fc.record({
  steps: stepsArb,
  calendar: calendarArb,
  goalDate: dateArb('2026-09-01', '2027-12-31'),
  today: dateArb('2026-01-01', '2027-06-30'),
});

function holds(calendar: WorkingCalendar, dependency: StepDates, step: StepDates, lag: number) {
  return step.start >= calendar.addWorkingDays(dependency.due, 1 + lag);
}

describe('planBackward, properties', () => {
  it('puts every step on working days, for its duration, before the goal, after its dependencies', () => {
    fc.assert(
      fc.property(inputArb, ({ steps, calendar, goalDate, today }) => {
        const plan = planBackward({ steps, calendar, goalDate, today });
        const byKey = new Map(plan.steps.map((s) => [s.key, s]));
        for (const spec of steps) {
          const step = byKey.get(spec.key)!;
          expect(calendar.isWorkingDay(step.start)).toBe(true);
          expect(calendar.isWorkingDay(step.due)).toBe(true);
          expect(calendar.countWorkingDays(step.start, step.due)).toBe(spec.durationDays);
          expect(step.due <= goalDate).toBe(true);
          for (const dep of spec.dependsOn) expect(holds(calendar, byKey.get(dep)!, step, spec.lagDays)).toBe(true);
        }
        expect(plan.warnings.filter((w) => w.code !== 'STARTS_BEFORE_TODAY')).toEqual([]);
      }),
      runs,
    );
  });

  it('is as late as possible: every step is due on the goal day or tight against a dependent', () => {
    fc.assert(
      fc.property(inputArb, ({ steps, calendar, goalDate, today }) => {
        const plan = planBackward({ steps, calendar, goalDate, today });
        const byKey = new Map(plan.steps.map((s) => [s.key, s]));
        for (const spec of steps) {
          const dependents = steps.filter((s) => s.dependsOn.includes(spec.key));
          const due = byKey.get(spec.key)!.due;
          if (dependents.length === 0) {
            expect(due).toBe(calendar.onOrBefore(goalDate));
          } else {
            const tight = dependents.some(
              (dep) => calendar.addWorkingDays(due, 1 + dep.lagDays) === byKey.get(dep.key)!.start,
            );
            expect(tight).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it('never moves a fixed step, and replanning is idempotent', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.integer({ min: -5, max: 5 }), (input, fixMask, shift) => {
        const first = planBackward(input);
        // Fix some steps, some of them moved away from the plan (as a user pin would).
        const fixed = new Map<string, StepDates>();
        first.steps.forEach((step, i) => {
          if (!fixMask[i]) return;
          const start = input.calendar.onOrBefore(addDays(step.start, shift));
          fixed.set(step.key, { start, due: step.due < start ? start : step.due });
        });
        const second = planBackward({ ...input, fixed });
        for (const step of second.steps) {
          if (fixed.has(step.key)) expect({ start: step.start, due: step.due }).toEqual(fixed.get(step.key));
        }
        const third = planBackward({ ...input, fixed });
        expect(third).toEqual(second);
        // Replanning from the plan itself, with nothing fixed, changes nothing either.
        expect(planBackward(input)).toEqual(first);
      }),
      runs,
    );
  });

  it('reports every broken dependency of fixed steps as a warning', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (input, fixMask) => {
        const fixed = new Map<string, StepDates>();
        input.steps.forEach((step, i) => {
          if (fixMask[i]) fixed.set(step.key, { start: input.goalDate, due: input.goalDate });
        });
        const plan = planBackward({ ...input, fixed });
        const byKey = new Map(plan.steps.map((s) => [s.key, s]));
        for (const spec of input.steps) {
          for (const dep of spec.dependsOn) {
            const ok = holds(input.calendar, byKey.get(dep)!, byKey.get(spec.key)!, spec.lagDays);
            const warned = plan.warnings.some(
              (w) => w.code === 'DEPENDENCY_NOT_MET' && w.stepKey === spec.key && w.dependsOn === dep,
            );
            expect(warned).toBe(!ok);
          }
        }
      }),
      runs,
    );
  });

  it('does not depend on the time zone', () => {
    const original = process.env.TZ;
    try {
      fc.assert(
        fc.property(inputArb, (input) => {
          process.env.TZ = 'Asia/Tokyo';
          const tokyo = planBackward(input);
          process.env.TZ = 'America/Los_Angeles';
          const losAngeles = planBackward(input);
          expect(losAngeles).toEqual(tokyo);
        }),
        { ...runs, numRuns: 100 },
      );
    } finally {
      process.env.TZ = original;
    }
  });
});

// ---- against a planner that works each dependency out on its own ----

/**
 * The planner as it was before the calendar calls were shared: one working-day calculation
 * per dependency in every pass. planBackward must answer exactly what it answers.
 */
function planPerDependency({ steps, goalDate, calendar, today, fixed = new Map() }: ScheduleInput): Schedule {
  const order = kahn(steps);
  const dependents = new Map<string, StepSpec[]>(steps.map((step) => [step.key, []]));
  for (const step of steps) for (const dep of step.dependsOn) dependents.get(dep)!.push(step);
  const dueBy = calendar.onOrBefore(goalDate);
  const latest = new Map<string, StepDates>();
  for (const step of [...order].reverse()) {
    if (fixed.has(step.key)) {
      latest.set(step.key, fixed.get(step.key)!);
      continue;
    }
    let due = dueBy;
    for (const dependent of dependents.get(step.key)!) {
      const bound = calendar.subtractWorkingDays(latest.get(dependent.key)!.start, 1 + dependent.lagDays);
      if (bound < due) due = bound;
    }
    latest.set(step.key, { start: calendar.subtractWorkingDays(due, step.durationDays - 1), due });
  }
  const firstDay = calendar.onOrAfter(today);
  const earliest = new Map<string, StepDates>();
  for (const step of order) {
    if (fixed.has(step.key)) {
      earliest.set(step.key, latest.get(step.key)!);
      continue;
    }
    let start = firstDay;
    for (const dep of step.dependsOn) {
      const bound = calendar.addWorkingDays(earliest.get(dep)!.due, 1 + step.lagDays);
      if (bound > start) start = bound;
    }
    earliest.set(step.key, { start, due: calendar.addWorkingDays(start, step.durationDays - 1) });
  }
  const signed = (from: CalendarDate, to: CalendarDate) =>
    from === to ? 0 : from < to ? calendar.countWorkingDays(from, to) - 1 : -(calendar.countWorkingDays(to, from) - 1);
  const planned = steps.map((step): PlannedStep => ({
    key: step.key,
    ...latest.get(step.key)!,
    earliestStart: earliest.get(step.key)!.start,
    earliestDue: earliest.get(step.key)!.due,
    slackDays: signed(earliest.get(step.key)!.start, latest.get(step.key)!.start),
    fixed: fixed.has(step.key),
  }));
  const movable = planned.filter((step) => !step.fixed);
  const least = Math.min(...movable.map((step) => step.slackDays));
  const position = new Map(order.map((step, i) => [step.key, i]));
  const criticalPath = movable
    .filter((step) => step.slackDays === least)
    .sort((a, b) => position.get(a.key)! - position.get(b.key)!)
    .map((step) => step.key);
  const warnings: ScheduleWarning[] = [];
  const dates = new Map(planned.map((step) => [step.key, step]));
  for (const step of planned) {
    if (!step.fixed && step.start < today) warnings.push({ code: 'STARTS_BEFORE_TODAY', stepKey: step.key, start: step.start, today });
    if (step.due > dueBy) warnings.push({ code: 'DUE_AFTER_GOAL', stepKey: step.key, due: step.due, goalDate: dueBy });
    const spec = steps.find((s) => s.key === step.key)!;
    for (const dep of spec.dependsOn) {
      const earliestStart = calendar.addWorkingDays(dates.get(dep)!.due, 1 + spec.lagDays);
      if (step.start < earliestStart) {
        warnings.push({ code: 'DEPENDENCY_NOT_MET', stepKey: step.key, dependsOn: dep, earliestStart, start: step.start });
      }
    }
  }
  return { steps: planned, criticalPath, warnings, dueBy };
}

function kahn(steps: readonly StepSpec[]): StepSpec[] {
  const left = new Map(steps.map((step) => [step.key, step.dependsOn.length]));
  const ready = steps.filter((step) => step.dependsOn.length === 0);
  const order: StepSpec[] = [];
  while (ready.length > 0) {
    const step = ready.shift()!;
    order.push(step);
    for (const next of steps.filter((s) => s.dependsOn.includes(step.key))) {
      left.set(next.key, left.get(next.key)! - 1);
      if (left.get(next.key) === 0) ready.push(next);
    }
  }
  return order;
}

/** Dependencies on up to 6 earlier steps, lags up to 40: many dependencies, and some plans that break them. */
const denserInputArb = fc.record({
  steps: fc.integer({ min: 1, max: 14 }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          key: fc.constant(`s${i}`),
          durationDays: fc.integer({ min: 1, max: 30 }),
          lagDays: fc.integer({ min: 0, max: 40 }),
          dependsOn: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`), { maxLength: Math.min(6, i) }),
        }),
      ),
    ),
  ),
  calendar: calendarArb,
  goalDate: dateArb('2026-09-01', '2027-12-31'),
  today: dateArb('2025-06-01', '2027-06-30'),
});

describe('planBackward, against a planner that works each dependency out on its own', () => {
  it('answers the same, fixed steps and warnings included (property)', () => {
    fc.assert(
      fc.property(
        denserInputArb,
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 14, maxLength: 14 }),
        fc.integer({ min: -30, max: 30 }),
        (input, fixKinds, shift) => {
          const first = planBackward(input);
          expect(first).toEqual(planPerDependency(input));
          // Fix some steps: where planned, moved (a user's pin), or on the goal (breaking dependencies).
          const fixed = new Map<string, StepDates>();
          first.steps.forEach((step, i) => {
            if (fixKinds[i] === 1) fixed.set(step.key, { start: step.start, due: step.due });
            if (fixKinds[i] === 2) {
              const start = input.calendar.onOrBefore(addDays(step.start, shift));
              fixed.set(step.key, { start, due: step.due < start ? start : step.due });
            }
            if (fixKinds[i] === 3) fixed.set(step.key, { start: input.goalDate, due: input.goalDate });
          });
          expect(planBackward({ ...input, fixed })).toEqual(planPerDependency({ ...input, fixed }));
        },
      ),
      runs,
    );
  });
});

// ---- how far back a plan may reach ----

describe('planBackward, the plan span', () => {
  const everyDay = new WorkingCalendar([1, 2, 3, 4, 5, 6, 7]);
  const one = (durationDays: number): StepSpec[] => [{ key: 'long', durationDays, dependsOn: [], lagDays: 0 }];
  const plan = (steps: StepSpec[], goalDate = '2027-01-10', fixed?: Map<string, StepDates>) =>
    planBackward({ steps, goalDate: d(goalDate), calendar: everyDay, today: d('2026-11-24'), fixed });

  function refusal(run: () => unknown): PlanTooLongError {
    try {
      run();
    } catch (error) {
      if (error instanceof PlanTooLongError) return error;
      throw error;
    }
    throw new Error('expected PlanTooLongError');
  }

  it('is ten years: 3,653 days up to the goal, both included', () => {
    expect(PLAN_SPAN_MAX_DAYS).toBe(3_653);
    expect(plan(one(3_653)).steps[0]).toMatchObject({ start: '2017-01-10', due: '2027-01-10' });
    const error = refusal(() => plan(one(3_654)));
    expect(error).toMatchObject({ code: 'CASE_PLAN_TOO_LONG', kind: 'rule_violation', stepKey: 'long', start: '2017-01-09' });
    expect(error.fields).toEqual([
      { field: 'goalDate', message: 'the steps would have to start more than 3653 days (10 years) before it' },
    ]);
    expect(error.message).toBe(
      'step long would have to start on 2017-01-09, but a plan may reach back at most 3653 days (10 years) ' +
        "from the goal's working day 2027-01-10, to 2017-01-10; shorten the durations or lags of the template, " +
        'or plan on a calendar with more working days',
    );
  });

  it('counts lags and the calendar: what fits every day of the week does not fit Monday to Friday', () => {
    const chain: StepSpec[] = [
      { key: 'a', durationDays: 365, dependsOn: [], lagDays: 0 },
      { key: 'b', durationDays: 365, dependsOn: ['a'], lagDays: 365 },
      { key: 'c', durationDays: 365, dependsOn: ['b'], lagDays: 365 },
      { key: 'd', durationDays: 365, dependsOn: ['c'], lagDays: 365 },
      { key: 'e', durationDays: 365, dependsOn: ['d'], lagDays: 365 },
    ];
    expect(plan(chain).steps[0]!.start).toBe('2018-01-13'); // 3,285 working days, both included
    const error = refusal(() => planBackward({ steps: chain, goalDate: d('2027-01-10'), calendar: mondayToFriday, today: d('2026-11-24') }));
    expect(error.stepKey).toBe('a');
  });

  it('leaves fixed steps out, but not the steps planned before them', () => {
    const steps: StepSpec[] = [
      { key: 'draft', durationDays: 5, dependsOn: [], lagDays: 0 },
      { key: 'sign', durationDays: 1, dependsOn: ['draft'], lagDays: 0 },
      { key: 'archive', durationDays: 1, dependsOn: [], lagDays: 0 },
    ];
    const old = { start: d('2001-03-01'), due: d('2001-03-01') };
    // Done long ago and nothing before it left to plan: fine.
    expect(plan(steps, '2027-01-10', new Map([['sign', old], ['draft', old]])).steps[2]).toMatchObject({ due: '2027-01-10' });
    // Pinned long ago with its dependency still to plan: that one would start in 2001.
    expect(refusal(() => plan(steps, '2027-01-10', new Map([['sign', old]])))).toMatchObject({
      stepKey: 'draft',
      start: '2001-02-24',
    });
  });

  it('refuses a plan reaching before the year 1 without spelling such a date', () => {
    const error = refusal(() => plan(one(400), '0001-06-01'));
    expect(error).toMatchObject({ stepKey: 'long', start: null, earliestAllowed: '0001-01-01' });
    expect(error.message).toMatch(/^step long would have to start before the year 1, /);
    // Years before 0 too (fromDayNumber spells year -6 '00-6').
    expect(refusal(() => plan(one(3_000), '0005-06-01'))).toMatchObject({ start: null, earliestAllowed: '0001-01-01' });
    // Within the first years of the calendar, plans still work.
    expect(plan(one(100), '0001-06-01').steps[0]!.start).toBe('0001-02-22');
  });
});

export type { ScheduleInput };
