import { type DateArray, type EventAttributes, createEvents } from 'ics';
import { type CalendarDate, addDays } from '../../../../shared/domain/calendar-date.js';
import type { CaseSnapshot } from '../../domain/case.aggregate.js';

const dateArray = (date: CalendarDate): DateArray => date.split('-').map(Number) as DateArray;

/**
 * The case as an iCalendar file: one all-day event per step on its due date, so that the
 * plan shows in any calendar app. Event uids are stable per case and step, so a
 * re-imported file updates the events instead of duplicating them.
 */
export function caseToIcs(c: CaseSnapshot): string {
  const events: EventAttributes[] = c.steps.map((step) => ({
    uid: `${c.id}.${step.key}@process-todo`,
    start: dateArray(step.due),
    end: dateArray(addDays(step.due, 1)),
    title: `${step.name} (${c.title})`,
    description:
      `Case: ${c.title}\nStep: ${step.name} [${step.key}]\nStatus: ${step.status}\n` +
      `Planned: ${step.start} to ${step.due}\nGoal: ${c.goalDate}`,
    status: step.status === 'skipped' ? 'CANCELLED' : 'CONFIRMED',
    categories: ['process-todo', step.status],
    sequence: c.version,
    productId: 'process-todo',
    calName: c.title,
  }));
  const { error, value } = createEvents(events, { productId: 'process-todo', calName: c.title });
  if (error || value === null) throw error ?? new Error('could not render the calendar');
  return value;
}

/** The events of an iCalendar file, one per step: the records an export of it carries. */
export const icsEventCount = (ics: string): number => ics.match(/^BEGIN:VEVENT\r?$/gm)?.length ?? 0;
