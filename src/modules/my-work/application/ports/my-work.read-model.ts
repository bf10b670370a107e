import type { Page } from '../../../../shared/application/page.js';
import type { CalendarDate } from '../../../../shared/domain/calendar-date.js';

export interface WorkItem {
  kind: 'task' | 'case_step';
  /** The task id, or `<caseId>:<stepKey>`. */
  id: string;
  title: string;
  status: string;
  due: CalendarDate | null;
  taskId: string | null;
  caseId: string | null;
  caseTitle: string | null;
  stepKey: string | null;
}

export interface MyWorkCriteria {
  assigneeId: string;
  /** Due strictly before this date (items without a due date are left out). */
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

export type MyWorkPage = Page<WorkItem>;

/** One person's open work across standalone tasks and case steps, soonest due first. */
export interface MyWorkReadModel {
  list(criteria: MyWorkCriteria): Promise<MyWorkPage>;
}

export const MY_WORK_READ_MODEL = Symbol('MyWorkReadModel');
