import type { Page } from '../../../../shared/application/page.js';
import type { CalendarDate } from '../../../../shared/domain/calendar-date.js';
import type { CaseStatus } from '../../domain/case-status.js';

export const CASE_SORTS = ['createdAt', '-createdAt', 'goalDate', '-goalDate'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseListCriteria {
  status?: readonly CaseStatus[];
  templateId?: string;
  /** Goal strictly before / after these dates. */
  goalBefore?: string;
  goalAfter?: string;
  /** Cases with at least one step assigned to this person. */
  assigneeId?: string;
  sort: CaseSort;
  limit: number;
  cursor?: string;
}

export interface CaseSummary {
  id: string;
  title: string;
  templateId: string;
  templateVersion: number;
  calendarId: string;
  goalDate: CalendarDate;
  status: CaseStatus;
  version: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  stepsTotal: number;
  stepsFinished: number;
  /** The earliest due date among steps not done or skipped; null when all are finished. */
  nextDue: CalendarDate | null;
}

export type CasePage = Page<CaseSummary>;

export interface CaseReadModel {
  list(criteria: CaseListCriteria): Promise<CasePage>;
}

export const CASE_READ_MODEL = Symbol('CaseReadModel');
