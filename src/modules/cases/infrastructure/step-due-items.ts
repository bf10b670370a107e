import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Notice } from '../../../shared/application/notices.js';
import { type DueItem, type DueItemSource, REMINDER_SOURCES, type ReminderSources } from '../../../shared/application/reminders.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { dueSoonBound, dueStateOf } from '../../../shared/domain/due-state.js';
import type { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { CASE_CALENDARS, type CaseCalendars } from '../application/ports/case-calendars.port.js';
import { ACTIVE_CASE_STATUSES, OPEN_STEP_STATUSES } from '../domain/case-status.js';

const BATCH = 500;

interface DueStep {
  caseId: string;
  caseTitle: string;
  calendarId: string;
  stepKey: string;
  name: string;
  status: string;
  start: CalendarDate;
  due: CalendarDate;
  assigneeId: string | null;
}

/**
 * Open steps of active cases due soon (in working days of the case's own calendar) or
 * overdue, for the daily reminders. Read in (due date, case, key) order along
 * IDX_case_steps_open_due up to a bound no calendar's "soon" passes; each step's calendar
 * (cached by the calendars module) then decides.
 */
@Injectable()
export class StepDueItems implements DueItemSource, OnModuleInit {
  readonly name = 'steps';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(CASE_CALENDARS) private readonly calendars: CaseCalendars,
    @Inject(REMINDER_SOURCES) private readonly sources: ReminderSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async *due(today: CalendarDate, dueSoonDays: number): AsyncIterable<readonly DueItem[]> {
    const until = dueSoonDays === 0 ? today : dueSoonBound(today, dueSoonDays);
    const calendars = new Map<string, Promise<WorkingCalendar>>();
    const calendarOf = (id: string) => {
      let calendar = calendars.get(id);
      if (!calendar) calendars.set(id, (calendar = this.calendars.workingCalendar(id)));
      return calendar;
    };
    let after: [string, string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000', ''];
    for (;;) {
      const rows: DueStep[] = await this.txHost.tx.query(
        `SELECT s.case_id AS "caseId", c.title AS "caseTitle", c.calendar_id AS "calendarId", s.step_key AS "stepKey",
           s.name, s.status, to_char(s.start_date, 'YYYY-MM-DD') AS start, to_char(s.due_date, 'YYYY-MM-DD') AS due,
           s.assignee_id AS "assigneeId"
         FROM case_steps s JOIN cases c ON c.id = s.case_id
         WHERE s.status = ANY($1::text[]) AND s.due_date <= $2::date AND c.status = ANY($3::text[])
           AND (s.due_date, s.case_id, s.step_key) > ($4::date, $5::uuid, $6::text)
         ORDER BY s.due_date, s.case_id, s.step_key LIMIT ${BATCH}`,
        [OPEN_STEP_STATUSES, until, ACTIVE_CASE_STATUSES, ...after],
      );
      const items: DueItem[] = [];
      for (const step of rows) {
        const state = dueStateOf(step.due, today, await calendarOf(step.calendarId), dueSoonDays);
        if (state) items.push(itemOf(step, state));
      }
      if (items.length > 0) yield items;
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) return;
      after = [last.due, last.caseId, last.stepKey];
    }
  }
}

function itemOf(step: DueStep, state: 'due_soon' | 'overdue'): DueItem {
  const notice: Notice | null = step.assigneeId
    ? {
        template: state === 'due_soon' ? 'step-due-soon' : 'step-overdue',
        userId: step.assigneeId,
        caseId: step.caseId,
        caseTitle: step.caseTitle,
        stepKey: step.stepKey,
        title: step.name,
        dueDate: step.due,
      }
    : null;
  const { calendarId: _calendarId, ...data } = step;
  return { key: `step:${step.caseId}:${step.stepKey}`, state, event: { name: state === 'due_soon' ? 'step.due_soon' : 'step.overdue', data }, notice };
}
