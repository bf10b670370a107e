import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Notice } from '../../../shared/application/notices.js';
import { type DueItem, type DueItemSource, REMINDER_SOURCES, type ReminderSources } from '../../../shared/application/reminders.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { dueStateOf } from '../../../shared/domain/due-state.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { taskEventData } from '../application/task-follow-ups.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_OPEN_STATUSES } from '../domain/task-status.js';

const BATCH = 500;

type DueTask = Pick<TaskSnapshot, 'id' | 'title' | 'status' | 'priority' | 'assigneeId'> & { dueDate: CalendarDate };

/**
 * Open tasks due soon or overdue, for the daily reminders. Tasks belong to no calendar:
 * their working days are Monday to Friday. Read in (due date, id) order along
 * IDX_tasks_open_due, a batch at a time.
 */
@Injectable()
export class TaskDueItems implements DueItemSource, OnModuleInit {
  readonly name = 'tasks';
  private readonly calendar = WorkingCalendar.standard();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(REMINDER_SOURCES) private readonly sources: ReminderSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async *due(today: CalendarDate, dueSoonDays: number): AsyncIterable<readonly DueItem[]> {
    const until = dueSoonDays === 0 ? today : this.calendar.addWorkingDays(today, dueSoonDays);
    let after: [string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows: DueTask[] = await this.txHost.tx.query(
        `SELECT id, title, status, priority, assignee_id AS "assigneeId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate"
         FROM tasks
         WHERE status = ANY($1::text[]) AND due_date IS NOT NULL AND due_date <= $2::date
           AND (due_date, id) > ($3::date, $4::uuid)
         ORDER BY due_date, id LIMIT ${BATCH}`,
        [TASK_OPEN_STATUSES, until, ...after],
      );
      const items = rows.flatMap((task) => {
        const state = dueStateOf(task.dueDate, today, this.calendar, dueSoonDays);
        return state ? [itemOf(task, state)] : [];
      });
      if (items.length > 0) yield items;
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) return;
      after = [last.dueDate, last.id];
    }
  }
}

function itemOf(task: DueTask, state: 'due_soon' | 'overdue'): DueItem {
  const notice: Notice | null = task.assigneeId
    ? { template: state === 'due_soon' ? 'task-due-soon' : 'task-overdue', userId: task.assigneeId, taskId: task.id, title: task.title, dueDate: task.dueDate }
    : null;
  return {
    key: `task:${task.id}`,
    state,
    event: { name: state === 'due_soon' ? 'task.due_soon' : 'task.overdue', data: taskEventData(task) },
    notice,
  };
}
