import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InvalidCursorError, decodeCursor, encodeCursor } from '../../../shared/application/cursor.js';
import { type CalendarDate, isCalendarDate } from '../../../shared/domain/calendar-date.js';
import type {
  CaseListCriteria,
  CasePage,
  CaseReadModel,
  CaseSummary,
} from '../application/ports/case.read-model.js';
import type { CaseRow } from './case.mapper.js';

/** A `cases` row (as the mapper knows it, without steps) with its progress. */
interface SummaryRow extends Omit<CaseRow, 'steps'> {
  steps_total: number;
  steps_finished: number;
  next_due: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SORT_KEYS = {
  createdAt: { sql: 'c.created_at', type: 'timestamptz', valueOf: (r: SummaryRow) => r.created_at.toISOString(), isValid: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) },
  goalDate: { sql: 'c.goal_date', type: 'date', valueOf: (r: SummaryRow) => r.goal_date, isValid: (v: unknown) => typeof v === 'string' && isCalendarDate(v) },
} as const;

/** Case lists with progress, keyset-paginated like the task lists. */
@Injectable()
export class TypeOrmCaseReadModel implements CaseReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async list(criteria: CaseListCriteria): Promise<CasePage> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (criteria.status?.length) where.push(`c.status = ANY(${bind(criteria.status)})`);
    if (criteria.templateId) where.push(`c.template_id = ${bind(criteria.templateId)}`);
    if (criteria.goalBefore) where.push(`c.goal_date < ${bind(criteria.goalBefore)}`);
    if (criteria.goalAfter) where.push(`c.goal_date > ${bind(criteria.goalAfter)}`);
    if (criteria.assigneeId) {
      where.push(`EXISTS (SELECT 1 FROM case_steps a WHERE a.case_id = c.id AND a.assignee_id = ${bind(criteria.assigneeId)})`);
    }

    const descending = criteria.sort.startsWith('-');
    const key = SORT_KEYS[criteria.sort.replace('-', '') as keyof typeof SORT_KEYS];
    if (criteria.cursor) {
      const position = decodeCursor(criteria.cursor, criteria.sort);
      if (!key.isValid(position.value) || !UUID.test(position.id)) {
        throw new InvalidCursorError('is not a cursor this API issued');
      }
      where.push(`(${key.sql}, c.id) ${descending ? '<' : '>'} (${bind(position.value)}::${key.type}, ${bind(position.id)}::uuid)`);
    }
    const order = descending ? 'DESC' : 'ASC';
    const rows: SummaryRow[] = await this.txHost.tx.query(
      `SELECT c.id, c.title, c.template_id, c.template_version, c.calendar_id, c.goal_date, c.status,
              c.version, c.created_at, c.updated_at,
              p.steps_total, p.steps_finished, p.next_due
       FROM cases c
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS steps_total,
                count(*) FILTER (WHERE s.status IN ('done', 'skipped'))::int AS steps_finished,
                min(s.due_date) FILTER (WHERE s.status NOT IN ('done', 'skipped')) AS next_due
         FROM case_steps s WHERE s.case_id = c.id) p
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${key.sql} ${order}, c.id ${order}
       LIMIT ${bind(criteria.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, criteria.limit);
    const last = page.at(-1);
    return {
      items: page.map(toSummary),
      nextCursor:
        rows.length > criteria.limit && last
          ? encodeCursor({ sort: criteria.sort, value: key.valueOf(last), id: last.id })
          : null,
    };
  }
}

function toSummary(row: SummaryRow): CaseSummary {
  return {
    id: row.id,
    title: row.title,
    templateId: row.template_id,
    templateVersion: row.template_version,
    calendarId: row.calendar_id,
    goalDate: row.goal_date as CalendarDate,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stepsTotal: row.steps_total,
    stepsFinished: row.steps_finished,
    nextDue: row.next_due as CalendarDate | null,
  };
}
