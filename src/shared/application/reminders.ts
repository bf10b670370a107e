import type { CalendarDate } from '../domain/calendar-date.js';
import type { EventName } from '../domain/event-name.js';
import type { Notice } from './notices.js';

/** Why an item is reminded of today. */
export type ReminderState = 'due_soon' | 'overdue';

/** Something unfinished with a due date that calls for a reminder today. */
export interface DueItem {
  /** Unique among all items of all sources, stable: `task:<id>`, `step:<caseId>:<key>`. */
  readonly key: string;
  readonly state: ReminderState;
  /** What subscribers hear (`task.due_soon`, `step.overdue`…) and with what. */
  readonly event: { readonly name: EventName; readonly data: Readonly<Record<string, unknown>> };
  /** The assignee's e-mail; null for an unassigned item. */
  readonly notice: Notice | null;
}

/**
 * A module's items with due dates (tasks, case steps): those due within `dueSoonDays`
 * working days of `today` (on the calendar that plans them) or before it, in batches, in an
 * order that is stable within one run.
 */
export interface DueItemSource {
  readonly name: string;
  due(today: CalendarDate, dueSoonDays: number): AsyncIterable<readonly DueItem[]>;
}

/**
 * The daily reminders (SPEC-JOB): each module registers its source in `onModuleInit`; the
 * reminder job sends one reminder per item and day, however often and wherever it runs.
 */
export interface ReminderSources {
  register(source: DueItemSource): void;
}

export const REMINDER_SOURCES = Symbol('ReminderSources');
