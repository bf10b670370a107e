import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  type IsoWeekday,
  addDays,
  toDayNumber,
} from '../../../shared/domain/calendar-date.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { type ScheduleInput, type StepDates, type StepSpec, planBackward } from './backward-scheduler.js';

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

export type { ScheduleInput };
