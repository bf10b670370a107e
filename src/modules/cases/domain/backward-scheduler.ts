import {
  type CalendarDate,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
} from '../../../shared/domain/calendar-date.js';
import type { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { PlanTooLongError } from './case.errors.js';

/** What the scheduler needs of a step: its length and what it waits for. */
export interface StepSpec {
  readonly key: string;
  /** Working days, at least 1: a 1-day step starts and ends on the same day. */
  readonly durationDays: number;
  readonly dependsOn: readonly string[];
  /** Working days that must pass between the due date of each dependency and this step's start. */
  readonly lagDays: number;
}

export interface StepDates {
  readonly start: CalendarDate;
  readonly due: CalendarDate;
}

export interface ScheduleInput {
  readonly steps: readonly StepSpec[];
  readonly goalDate: CalendarDate;
  readonly calendar: WorkingCalendar;
  /** Steps whose dates must not move (done or pinned); they still constrain the others. */
  readonly fixed?: ReadonlyMap<string, StepDates>;
  /** The first day work can happen; used for earliest dates, slack and warnings only. */
  readonly today: CalendarDate;
}

export interface PlannedStep extends StepDates {
  readonly key: string;
  readonly earliestStart: CalendarDate;
  readonly earliestDue: CalendarDate;
  /** Working days the step can slip without moving the goal; negative when the plan cannot be met. */
  readonly slackDays: number;
  readonly fixed: boolean;
}

export type ScheduleWarning =
  | { code: 'STARTS_BEFORE_TODAY'; stepKey: string; start: CalendarDate; today: CalendarDate }
  | { code: 'DUE_AFTER_GOAL'; stepKey: string; due: CalendarDate; goalDate: CalendarDate }
  | {
      code: 'DEPENDENCY_NOT_MET';
      stepKey: string;
      dependsOn: string;
      /** The earliest start the dependency and lag allow. */
      earliestStart: CalendarDate;
      start: CalendarDate;
    };

export interface Schedule {
  /** In the order the steps were given. */
  readonly steps: readonly PlannedStep[];
  /** The steps with the least slack, dependencies first: moving any of them moves the goal. */
  readonly criticalPath: readonly string[];
  readonly warnings: readonly ScheduleWarning[];
  /** The goal's working day: the goal itself, or the working day before it. */
  readonly dueBy: CalendarDate;
}

export const SCHEDULER_ALGORITHM = 'backward-alap/1';

/**
 * The most calendar days a plan may cover, from the earliest start of a step the planner
 * places to the goal's working day, both included: ten years (3,653 days). A template
 * whose steps would reach further back on the case's calendar is refused
 * (PlanTooLongError) instead of being planned into past centuries with a warning.
 * Steps that keep their dates (done, skipped, pinned) are not measured, but the steps
 * planned before them are.
 */
export const PLAN_SPAN_MAX_DAYS = 3_653;

/** The first calendar date a `CalendarDate` can spell: no plan starts before it. */
const FIRST_DATE = '0001-01-01' as CalendarDate;

/**
 * Plans every step as late as possible before a goal date, over working days.
 *
 * A step nothing depends on is due on the goal's working day; any other step is due on
 * the latest working day at least `1 + lagDays(D)` working days before the start of each
 * step D that depends on it; a step starts `durationDays - 1` working days before it is
 * due. Fixed steps keep their dates and constrain their neighbours. A forward pass from
 * `today` gives earliest dates, slack and the critical path. Nothing that cannot be met
 * is moved silently: it is reported as a warning. Steps must form a DAG (the template
 * guarantees it).
 *
 * Linear in steps plus dependencies: each step costs a few calendar calls (each constant
 * time plus a search over the holidays), each dependency a date comparison.
 *
 * @throws PlanTooLongError when a step would start more than PLAN_SPAN_MAX_DAYS before the goal.
 */
export function planBackward(input: ScheduleInput): Schedule {
  const { steps, calendar, today } = input;
  const fixed = input.fixed ?? new Map<string, StepDates>();
  const byKey = new Map(steps.map((step) => [step.key, step]));
  const order = topologicalOrder(steps);
  const dependents = new Map<string, StepSpec[]>(steps.map((step) => [step.key, []]));
  for (const step of steps) for (const dep of step.dependsOn) dependents.get(dep)?.push(step);
  const dueBy = calendar.onOrBefore(input.goalDate);
  const earliestAllowed = earliestStartAllowed(dueBy);

  const latest = new Map<string, StepDates>();
  // The latest day the dependencies of a step may be due: 1 + lagDays working days before
  // its start. The same for each of its dependencies, so worked out once per step.
  const dependenciesDueBy = new Map<string, CalendarDate>();
  const dependenciesDueByOf = (step: StepSpec): CalendarDate => {
    let bound = dependenciesDueBy.get(step.key);
    if (bound === undefined) {
      bound = calendar.subtractWorkingDays(latest.get(step.key)!.start, 1 + step.lagDays);
      dependenciesDueBy.set(step.key, bound);
    }
    return bound;
  };
  for (const step of [...order].reverse()) {
    const pinned = fixed.get(step.key);
    if (pinned) {
      latest.set(step.key, pinned);
      continue;
    }
    let due = dueBy;
    for (const dependent of dependents.get(step.key)!) {
      const bound = dependenciesDueByOf(dependent);
      if (bound < due) due = bound;
    }
    const start = calendar.subtractWorkingDays(due, step.durationDays - 1);
    // Checked as each step is placed, so no date before the year 1 goes any further: such
    // a date has no YYYY-MM-DD spelling, but what fromDayNumber writes for it ('0000-...',
    // '00-5-...', '-1000-...') still sorts before '0001-01-01'.
    if (start < earliestAllowed) {
      throw new PlanTooLongError(step.key, isCalendarDate(start) ? start : null, earliestAllowed, dueBy, PLAN_SPAN_MAX_DAYS);
    }
    latest.set(step.key, { start, due });
  }

  const { steps: planned, criticalPath } = analysePlan({
    steps: steps.map((step) => ({ ...step, ...latest.get(step.key)! })),
    fixed: new Set(fixed.keys()),
    calendar,
    today,
  });

  return {
    steps: planned,
    criticalPath,
    warnings: warningsFor(planned, byKey, calendar, today, dueBy),
    dueBy,
  };
}

/** The earliest start a plan due by `dueBy` may have: PLAN_SPAN_MAX_DAYS days back, both included. */
function earliestStartAllowed(dueBy: CalendarDate): CalendarDate {
  return fromDayNumber(Math.max(toDayNumber(dueBy) - (PLAN_SPAN_MAX_DAYS - 1), toDayNumber(FIRST_DATE)));
}

export interface PlanAnalysisInput {
  /** Steps with the dates they are planned on (the latest dates they may take). */
  readonly steps: readonly (StepSpec & StepDates)[];
  /** Steps whose dates do not move (done, skipped or pinned). */
  readonly fixed: ReadonlySet<string>;
  readonly calendar: WorkingCalendar;
  readonly today: CalendarDate;
}

export interface PlanAnalysis {
  /** In the order the steps were given. */
  readonly steps: readonly PlannedStep[];
  /** The movable steps with the least slack, dependencies first. */
  readonly criticalPath: readonly string[];
}

/**
 * The forward pass over a plan: the earliest dates work can take from `today` (fixed steps
 * keep theirs), each step's slack against its planned start, and the critical path. The
 * planner runs it on the plan it made; a stored plan is analysed as it stands.
 */
export function analysePlan(input: PlanAnalysisInput): PlanAnalysis {
  const { steps, fixed, calendar, today } = input;
  const order = topologicalOrder(steps);
  const byKey = new Map(steps.map((step) => [step.key, step]));
  const firstDay = calendar.onOrAfter(today);
  const earliest = new Map<string, StepDates>();
  for (const step of order) {
    if (fixed.has(step.key)) {
      earliest.set(step.key, byKey.get(step.key)!);
      continue;
    }
    let start = firstDay;
    const latestDue = latestDueOf(step.dependsOn, earliest);
    if (latestDue !== undefined) {
      // Adding working days keeps the order of dates, so the latest dependency sets the start.
      const bound = calendar.addWorkingDays(latestDue, 1 + step.lagDays);
      if (bound > start) start = bound;
    }
    earliest.set(step.key, { start, due: calendar.addWorkingDays(start, step.durationDays - 1) });
  }

  const planned = steps.map((step): PlannedStep => {
    const early = earliest.get(step.key)!;
    return {
      key: step.key,
      start: step.start,
      due: step.due,
      earliestStart: early.start,
      earliestDue: early.due,
      slackDays: signedWorkingDays(calendar, early.start, step.start),
      fixed: fixed.has(step.key),
    };
  });

  const movable = planned.filter((step) => !step.fixed);
  const leastSlack = Math.min(...movable.map((step) => step.slackDays));
  const position = new Map(order.map((step, i) => [step.key, i]));
  const criticalPath = movable
    .filter((step) => step.slackDays === leastSlack)
    .sort((a, b) => position.get(a.key)! - position.get(b.key)!)
    .map((step) => step.key);
  return { steps: planned, criticalPath };
}

function warningsFor(
  planned: readonly PlannedStep[],
  byKey: ReadonlyMap<string, StepSpec>,
  calendar: WorkingCalendar,
  today: CalendarDate,
  dueBy: CalendarDate,
): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  const dates = new Map(planned.map((step) => [step.key, step]));
  for (const step of planned) {
    if (!step.fixed && step.start < today) {
      warnings.push({ code: 'STARTS_BEFORE_TODAY', stepKey: step.key, start: step.start, today });
    }
    if (step.due > dueBy) {
      warnings.push({ code: 'DUE_AFTER_GOAL', stepKey: step.key, due: step.due, goalDate: dueBy });
    }
    const spec = byKey.get(step.key)!;
    const latestDue = latestDueOf(spec.dependsOn, dates);
    // When the latest dependency is met, all are: only a broken one costs a look at each.
    if (latestDue === undefined || step.start >= calendar.addWorkingDays(latestDue, 1 + spec.lagDays)) continue;
    for (const dep of spec.dependsOn) {
      const earliestStart = calendar.addWorkingDays(dates.get(dep)!.due, 1 + spec.lagDays);
      if (step.start < earliestStart) {
        warnings.push({ code: 'DEPENDENCY_NOT_MET', stepKey: step.key, dependsOn: dep, earliestStart, start: step.start });
      }
    }
  }
  return warnings;
}

/** The latest due date among `keys` (undefined for none). */
function latestDueOf(keys: readonly string[], dates: ReadonlyMap<string, StepDates>): CalendarDate | undefined {
  let latest: CalendarDate | undefined;
  for (const key of keys) {
    const due = dates.get(key)!.due;
    if (latest === undefined || due > latest) latest = due;
  }
  return latest;
}

/** Working days from `from` to `to`, negative when `to` comes first (0 when equal). */
function signedWorkingDays(calendar: WorkingCalendar, from: CalendarDate, to: CalendarDate): number {
  if (from === to) return 0;
  return from < to
    ? calendar.countWorkingDays(from, to) - 1
    : -(calendar.countWorkingDays(to, from) - 1);
}

/** Kahn's algorithm; ties keep the given order, so plans are deterministic. */
function topologicalOrder(steps: readonly StepSpec[]): StepSpec[] {
  const remaining = new Map(steps.map((step) => [step.key, step.dependsOn.length]));
  const dependents = new Map<string, string[]>(steps.map((step) => [step.key, []]));
  for (const step of steps) for (const dep of step.dependsOn) dependents.get(dep)?.push(step.key);
  const byKey = new Map(steps.map((step) => [step.key, step]));
  const ready = steps.filter((step) => step.dependsOn.length === 0).map((step) => step.key);
  const order: StepSpec[] = [];
  while (ready.length > 0) {
    const key = ready.shift()!;
    order.push(byKey.get(key)!);
    for (const next of dependents.get(key)!) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length !== steps.length) throw new Error('steps do not form a DAG');
  return order;
}
