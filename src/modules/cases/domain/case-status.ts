export const CASE_STATUSES = ['open', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STEP_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Moves a person may make; `completed` also follows from the steps. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['in_progress', 'on_hold', 'cancelled', 'completed'],
  in_progress: ['on_hold', 'cancelled', 'completed'],
  on_hold: ['open', 'in_progress', 'cancelled'],
  completed: ['in_progress'],
  cancelled: [],
};

export const STEP_TRANSITIONS: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  todo: ['in_progress', 'blocked', 'done', 'skipped'],
  in_progress: ['todo', 'blocked', 'done', 'skipped'],
  blocked: ['todo', 'in_progress', 'skipped'],
  done: ['in_progress'],
  skipped: ['todo'],
};

/** Steps in these statuses are finished: their dates never move again. */
export const FINISHED_STEP: ReadonlySet<StepStatus> = new Set(['done', 'skipped']);

/** Steps in these statuses are still to do: what reminders look at. */
export const OPEN_STEP_STATUSES: readonly StepStatus[] = ['todo', 'in_progress', 'blocked'];

/** Cases whose steps are being worked on (not on hold, not closed). */
export const ACTIVE_CASE_STATUSES: readonly CaseStatus[] = ['open', 'in_progress'];
