import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';
import { type CalendarDate, toCalendarDate } from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { sameValue } from '../../../shared/domain/same-value.js';
import { InvalidTaskTransitionError, TaskCancelledError } from './task.errors.js';
import { TASK_PRIORITIES, type TaskPriority, type TaskStatus } from './task-status.js';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const TAGS_MAX = 20;
export const TAG_MAX = 40;
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}_.:/-]*$/u;

/** Which status a task may move to from each status; every other move is refused. */
const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  todo: ['in_progress', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: ['todo'],
  cancelled: ['todo'],
};

/** The state of a task as persistence and read models see it. */
export interface TaskSnapshot {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly priority: TaskPriority;
  readonly status: TaskStatus;
  readonly dueDate: CalendarDate | null;
  readonly assigneeId: string | null;
  readonly tags: readonly string[];
  /** Who created it (null for tasks from before sign-in existed). */
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewTask {
  title: string;
  description?: string;
  priority?: TaskPriority;
  dueDate?: string | null;
  assigneeId?: string | null;
  tags?: readonly string[];
  createdBy?: string | null;
}

/**
 * A partial change of a task: absent fields stay; `null` clears the due date or the
 * assignee; `status` moves the task.
 */
export type TaskChanges = Partial<Omit<NewTask, 'createdBy'>> & { status?: TaskStatus };

type TaskState = Omit<TaskSnapshot, 'id' | 'version'>;

/**
 * A standalone piece of work. Its invariants (title and text limits, tag rules,
 * guarded status moves, nothing changes on a cancelled task) hold after every method.
 */
export class Task extends AggregateRoot {
  private changed = false;

  private constructor(
    id: string,
    version: number,
    private state: TaskState,
  ) {
    super(id, version);
  }

  static create(id: string, input: NewTask, now: Date): Task {
    return new Task(id, 0, {
      title: checkTitle(input.title),
      description: checkDescription(input.description ?? ''),
      priority: checkPriority(input.priority ?? 'medium'),
      status: 'todo',
      dueDate: input.dueDate == null ? null : toCalendarDate('dueDate', input.dueDate),
      assigneeId: input.assigneeId ?? null,
      tags: checkTags(input.tags ?? []),
      createdBy: input.createdBy ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Rebuilds a stored task; the data was checked when it was written. */
  static restore(snapshot: TaskSnapshot): Task {
    const { id, version, ...state } = snapshot;
    return new Task(id, version, state);
  }

  /** A member's own task: one they created or are assigned. */
  isOwnedBy(userId: string): boolean {
    return this.state.createdBy === userId || this.state.assigneeId === userId;
  }

  get status(): TaskStatus {
    return this.state.status;
  }

  /** True when a method since loading changed something worth saving. */
  get hasChanges(): boolean {
    return this.changed;
  }

  rename(title: string, now: Date): void {
    this.apply({ title: checkTitle(title) }, now);
  }

  describe(description: string, now: Date): void {
    this.apply({ description: checkDescription(description) }, now);
  }

  prioritize(priority: TaskPriority, now: Date): void {
    this.apply({ priority: checkPriority(priority) }, now);
  }

  /** Sets the due date, or clears it with null. */
  scheduleFor(dueDate: string | null, now: Date): void {
    this.apply({ dueDate: dueDate === null ? null : toCalendarDate('dueDate', dueDate) }, now);
  }

  /** Gives the task to someone, or takes it back with null. */
  assignTo(assigneeId: string | null, now: Date): void {
    this.apply({ assigneeId }, now);
  }

  retag(tags: readonly string[], now: Date): void {
    this.apply({ tags: checkTags(tags) }, now);
  }

  /**
   * Applies a partial change in one go. Reopening comes first and other status moves
   * last, so that "reopen and edit" and "edit and close" are each one request.
   */
  change(changes: TaskChanges, now: Date): void {
    if (changes.status === 'todo') this.reopen(now);
    if (changes.title !== undefined) this.rename(changes.title, now);
    if (changes.description !== undefined) this.describe(changes.description, now);
    if (changes.priority !== undefined) this.prioritize(changes.priority, now);
    if (changes.dueDate !== undefined) this.scheduleFor(changes.dueDate, now);
    if (changes.assigneeId !== undefined) this.assignTo(changes.assigneeId, now);
    if (changes.tags !== undefined) this.retag(changes.tags, now);
    if (changes.status !== undefined && changes.status !== 'todo') this.moveTo(changes.status, now);
  }

  reopen(now: Date): void {
    this.moveTo('todo', now);
  }

  /** Moves to `target` if the transition table allows it; staying put is no change. */
  moveTo(target: TaskStatus, now: Date): void {
    const from = this.state.status;
    if (target === from) return;
    const allowed = TRANSITIONS[from];
    if (!allowed.includes(target)) throw new InvalidTaskTransitionError(from, target, allowed);
    this.state = { ...this.state, status: target, updatedAt: now };
    this.changed = true;
  }

  snapshot(): TaskSnapshot {
    return { id: this.id, version: this.version, ...this.state };
  }

  private apply(patch: Partial<TaskState>, now: Date): void {
    const keys = Object.keys(patch) as (keyof TaskState)[];
    if (keys.every((key) => sameValue(this.state[key], patch[key]))) return;
    if (this.state.status === 'cancelled') throw new TaskCancelledError(this.id);
    this.state = { ...this.state, ...patch, updatedAt: now };
    this.changed = true;
  }
}

function checkTitle(raw: string): string {
  const title = raw.trim();
  if (title.length === 0) throw new InvariantViolationError('title', 'must not be blank');
  if (title.length > TITLE_MAX) {
    throw new InvariantViolationError('title', `must be at most ${TITLE_MAX} characters`);
  }
  return title;
}

function checkDescription(description: string): string {
  if (description.length > DESCRIPTION_MAX) {
    throw new InvariantViolationError(
      'description',
      `must be at most ${DESCRIPTION_MAX} characters`,
    );
  }
  return description;
}

function checkPriority(priority: string): TaskPriority {
  if (!(TASK_PRIORITIES as readonly string[]).includes(priority)) {
    throw new InvariantViolationError('priority', `must be one of ${TASK_PRIORITIES.join(', ')}`);
  }
  return priority as TaskPriority;
}

/** Tags are trimmed, lower-cased and de-duplicated in their first order. */
function checkTags(raw: readonly string[]): string[] {
  const tags = [...new Set(raw.map((tag) => tag.trim().toLowerCase()))];
  if (tags.length > TAGS_MAX) {
    throw new InvariantViolationError('tags', `must hold at most ${TAGS_MAX} tags`);
  }
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > TAG_MAX || !TAG_PATTERN.test(tag)) {
      throw new InvariantViolationError(
        'tags',
        `each tag must be 1-${TAG_MAX} letters, digits or _ . : / - and start with a letter or digit`,
      );
    }
  }
  return tags;
}
