import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';
import { type CalendarDate, toCalendarDate } from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import type { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import {
  SCHEDULER_ALGORITHM,
  type Schedule,
  analysePlan,
  type ScheduleWarning,
  type StepDates,
  type StepSpec,
  planBackward,
} from './backward-scheduler.js';
import {
  CaseClosedError,
  FinishedStepCannotMoveError,
  InvalidCaseTransitionError,
  InvalidStepTransitionError,
  StepNotFoundError,
} from './case.errors.js';
import {
  CASE_TRANSITIONS,
  type CaseStatus,
  FINISHED_STEP,
  STEP_TRANSITIONS,
  type StepStatus,
} from './case-status.js';

export const CASE_TITLE_MAX = 200;

export interface StepInstance extends StepSpec, StepDates {
  readonly name: string;
  readonly status: StepStatus;
  readonly assigneeId: string | null;
  /** A pinned step keeps its dates through every replan and constrains its neighbours. */
  readonly pinned: boolean;
}

export interface CaseSnapshot {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly calendarId: string;
  readonly goalDate: CalendarDate;
  readonly status: CaseStatus;
  readonly steps: readonly StepInstance[];
  /** Who started it (null for cases from before sign-in existed). */
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A step of the template a case starts from. */
export interface TemplateStepInput extends StepSpec {
  readonly name: string;
  readonly defaultAssigneeId: string | null;
}

export interface StartCaseInput {
  title: string;
  templateId: string;
  templateVersion: number;
  templateSteps: readonly TemplateStepInput[];
  calendarId: string;
  goalDate: string;
  /** Step key -> person, over the template's default assignees. */
  assignees?: Readonly<Record<string, string>>;
  createdBy?: string | null;
}

/** A request to pin a step: at its current dates, or due on a new date. */
export interface StepPin {
  stepKey: string;
  due?: string;
}

export interface ReplanRequest {
  goalDate?: string;
  pin?: readonly StepPin[];
}

export interface StepChange {
  stepKey: string;
  from: StepDates;
  to: StepDates;
}

/** What the forward pass from today says of a step: how early it could go, how much it may slip. */
export interface StepSlack {
  stepKey: string;
  earliestStart: CalendarDate;
  earliestDue: CalendarDate;
  /** Working days; negative when the step cannot be done in time. */
  slackDays: number;
}

export interface ReplanResult {
  goalDate: { from: CalendarDate; to: CalendarDate };
  changedSteps: StepChange[];
  criticalPath: readonly string[];
  slack: StepSlack[];
  warnings: readonly ScheduleWarning[];
  algorithm: string;
}

export function slackOf(schedule: Schedule): StepSlack[] {
  return schedule.steps.map(({ key, earliestStart, earliestDue, slackDays }) => ({
    stepKey: key,
    earliestStart,
    earliestDue,
    slackDays,
  }));
}

export interface StepUpdate {
  status?: StepStatus;
  assigneeId?: string | null;
  pinned?: boolean;
}

type CaseState = Omit<CaseSnapshot, 'id' | 'version'>;

/**
 * A run of a process template toward a goal date. Its steps are planned backward from
 * the goal; finished steps never move, pinned steps keep their dates, and the case
 * completes when every step is done or skipped.
 */
export class Case extends AggregateRoot {
  private changed = false;

  private constructor(
    id: string,
    version: number,
    private state: CaseState,
  ) {
    super(id, version);
  }

  /** Starts a case and plans it; the schedule's warnings say what cannot be met. */
  static start(
    id: string,
    input: StartCaseInput,
    calendar: WorkingCalendar,
    today: CalendarDate,
    now: Date,
  ): { case: Case; schedule: Schedule } {
    const goalDate = toCalendarDate('goalDate', input.goalDate);
    const keys = new Set(input.templateSteps.map((step) => step.key));
    for (const key of Object.keys(input.assignees ?? {})) {
      if (!keys.has(key)) throw new InvariantViolationError(`assignees.${key}`, 'names no step of the template');
    }
    const schedule = planBackward({ steps: input.templateSteps, goalDate, calendar, today });
    const steps = input.templateSteps.map((step, i): StepInstance => ({
      key: step.key,
      name: step.name,
      durationDays: step.durationDays,
      dependsOn: step.dependsOn,
      lagDays: step.lagDays,
      start: schedule.steps[i]!.start,
      due: schedule.steps[i]!.due,
      status: 'todo',
      assigneeId: input.assignees?.[step.key] ?? step.defaultAssigneeId,
      pinned: false,
    }));
    const created = new Case(id, 0, {
      title: checkTitle(input.title),
      templateId: input.templateId,
      templateVersion: input.templateVersion,
      calendarId: input.calendarId,
      goalDate,
      status: 'open',
      steps,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return { case: created, schedule };
  }

  /** A member's own case: one they started. */
  isOwnedBy(userId: string): boolean {
    return this.state.createdBy === userId;
  }

  /** A member's own step: in a case they started, or assigned to them. */
  isStepOwnedBy(stepKey: string, userId: string): boolean {
    return this.isOwnedBy(userId) || this.step(stepKey).assigneeId === userId;
  }

  static restore(snapshot: CaseSnapshot): Case {
    const { id, version, ...state } = snapshot;
    return new Case(id, version, state);
  }

  get hasChanges(): boolean {
    return this.changed;
  }

  get status(): CaseStatus {
    return this.state.status;
  }

  snapshot(): CaseSnapshot {
    return { id: this.id, version: this.version, ...this.state };
  }

  rename(title: string, now: Date): void {
    const checked = checkTitle(title);
    if (checked === this.state.title) return;
    this.assertOpenForChange();
    this.apply({ title: checked }, now);
  }

  /** A person's move of the whole case (hold, resume, cancel, complete). */
  moveTo(target: CaseStatus, now: Date): void {
    const from = this.state.status;
    if (target === from) return;
    const allowed = CASE_TRANSITIONS[from];
    if (!allowed.includes(target)) throw new InvalidCaseTransitionError(from, target, allowed);
    if (target === 'completed' && !this.allStepsFinished()) {
      throw new InvalidCaseTransitionError(from, target, allowed, 'a case completes only when every step is done or skipped');
    }
    this.apply({ status: target }, now);
  }

  updateStep(stepKey: string, update: StepUpdate, now: Date): void {
    const step = this.step(stepKey);
    let next: StepInstance = step;
    if (update.status !== undefined && update.status !== step.status) {
      const allowed = STEP_TRANSITIONS[step.status];
      if (!allowed.includes(update.status)) {
        throw new InvalidStepTransitionError(stepKey, step.status, update.status, allowed);
      }
      next = { ...next, status: update.status };
    }
    if (update.assigneeId !== undefined) next = { ...next, assigneeId: update.assigneeId };
    if (update.pinned !== undefined) next = { ...next, pinned: update.pinned };
    if (next === step || sameStep(next, step)) return;
    this.assertOpenForChange();
    this.apply({ steps: this.state.steps.map((s) => (s.key === stepKey ? next : s)) }, now);
    this.followSteps(now);
  }

  /** The steps of the stored plan that have the least slack: moving any of them moves the goal. */
  criticalPath(calendar: WorkingCalendar, today: CalendarDate): readonly string[] {
    const fixed = new Set(this.state.steps.filter((s) => s.pinned || FINISHED_STEP.has(s.status)).map((s) => s.key));
    return analysePlan({ steps: this.state.steps, fixed, calendar, today }).criticalPath;
  }

  /** The plan a replan would make, without changing the case. */
  previewReplan(request: ReplanRequest, calendar: WorkingCalendar, today: CalendarDate): ReplanResult {
    return this.plan(request, calendar, today).result;
  }

  replan(request: ReplanRequest, calendar: WorkingCalendar, today: CalendarDate, now: Date): ReplanResult {
    this.assertOpenForChange();
    const { result, steps, goalDate } = this.plan(request, calendar, today);
    if (result.changedSteps.length > 0 || goalDate !== this.state.goalDate || steps.some((s, i) => s.pinned !== this.state.steps[i]!.pinned)) {
      this.apply({ steps, goalDate }, now);
    }
    return result;
  }

  private plan(request: ReplanRequest, calendar: WorkingCalendar, today: CalendarDate) {
    const goalDate = request.goalDate === undefined ? this.state.goalDate : toCalendarDate('goalDate', request.goalDate);
    const pins = new Map<string, StepDates>();
    for (const step of this.state.steps) {
      if (step.pinned || FINISHED_STEP.has(step.status)) pins.set(step.key, { start: step.start, due: step.due });
    }
    (request.pin ?? []).forEach((pin, i) => {
      const step = this.step(pin.stepKey, `pin.${i}.stepKey`);
      if (pin.due === undefined) {
        pins.set(step.key, { start: step.start, due: step.due });
        return;
      }
      const field = `pin.${i}.due`;
      if (FINISHED_STEP.has(step.status)) throw new FinishedStepCannotMoveError(step.key, field);
      const due = toCalendarDate(field, pin.due);
      if (!calendar.isWorkingDay(due)) throw new InvariantViolationError(field, 'is not a working day of the case calendar');
      pins.set(step.key, { start: calendar.subtractWorkingDays(due, step.durationDays - 1), due });
    });

    const schedule = planBackward({ steps: this.state.steps, goalDate, calendar, fixed: pins, today });
    const pinnedNow = new Set((request.pin ?? []).map((pin) => pin.stepKey));
    const steps = this.state.steps.map((step, i): StepInstance => ({
      ...step,
      start: schedule.steps[i]!.start,
      due: schedule.steps[i]!.due,
      pinned: step.pinned || pinnedNow.has(step.key),
    }));
    const changedSteps = this.state.steps.flatMap((step, i): StepChange[] =>
      step.start === steps[i]!.start && step.due === steps[i]!.due
        ? []
        : [{ stepKey: step.key, from: { start: step.start, due: step.due }, to: { start: steps[i]!.start, due: steps[i]!.due } }],
    );
    const result: ReplanResult = {
      goalDate: { from: this.state.goalDate, to: goalDate },
      changedSteps,
      criticalPath: schedule.criticalPath,
      slack: slackOf(schedule),
      warnings: schedule.warnings,
      algorithm: SCHEDULER_ALGORITHM,
    };
    return { result, steps, goalDate };
  }

  /** The case follows its steps: work started opens it, all finished completes it. */
  private followSteps(now: Date): void {
    const status = this.state.status;
    if (this.allStepsFinished()) {
      if (status !== 'completed') this.apply({ status: 'completed' }, now);
    } else if (status === 'completed') {
      this.apply({ status: 'in_progress' }, now);
    } else if (status === 'open' && this.state.steps.some((s) => s.status !== 'todo')) {
      this.apply({ status: 'in_progress' }, now);
    }
  }

  private allStepsFinished(): boolean {
    return this.state.steps.every((step) => FINISHED_STEP.has(step.status));
  }

  private step(stepKey: string, field = 'stepKey'): StepInstance {
    const step = this.state.steps.find((s) => s.key === stepKey);
    if (!step) throw new StepNotFoundError(this.id, stepKey, field);
    return step;
  }

  private assertOpenForChange(): void {
    if (this.state.status === 'cancelled') throw new CaseClosedError(this.id, this.state.status);
  }

  private apply(patch: Partial<CaseState>, now: Date): void {
    this.state = { ...this.state, ...patch, updatedAt: now };
    this.changed = true;
  }
}

function sameStep(a: StepInstance, b: StepInstance): boolean {
  return a.status === b.status && a.assigneeId === b.assigneeId && a.pinned === b.pinned;
}

function checkTitle(raw: string): string {
  const title = raw.trim();
  if (title.length === 0) throw new InvariantViolationError('title', 'must not be blank');
  if (title.length > CASE_TITLE_MAX) {
    throw new InvariantViolationError('title', `must be at most ${CASE_TITLE_MAX} characters`);
  }
  return title;
}
