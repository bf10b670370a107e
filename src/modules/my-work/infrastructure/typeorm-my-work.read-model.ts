import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InvalidCursorError, decodeCursor, encodeCursor } from '../../../shared/application/cursor.js';
import { type CalendarDate, isCalendarDate } from '../../../shared/domain/calendar-date.js';
import type { MyWorkCriteria, MyWorkPage, MyWorkReadModel, WorkItem } from '../application/ports/my-work.read-model.js';

interface WorkRow {
  kind: WorkItem['kind'];
  item_key: string;
  title: string;
  status: string;
  due: string | null;
  task_id: string | null;
  case_id: string | null;
  case_title: string | null;
  step_key: string | null;
}

const SORT = 'due';

/** Open tasks and open steps of live cases, merged in one query, keyset-paginated by (due, key). */
const WORK = `
  SELECT 'task' AS kind, t.id::text AS item_key, t.title, t.status, t.due_date AS due,
         t.id AS task_id, NULL::uuid AS case_id, NULL AS case_title, NULL AS step_key
  FROM tasks t
  WHERE t.assignee_id = $1 AND t.status IN ('todo', 'in_progress')
  UNION ALL
  SELECT 'case_step', s.case_id::text || ':' || s.step_key, s.name, s.status, s.due_date,
         NULL, s.case_id, c.title, s.step_key
  FROM case_steps s JOIN cases c ON c.id = s.case_id
  WHERE s.assignee_id = $1 AND s.status IN ('todo', 'in_progress', 'blocked')
    AND c.status IN ('open', 'in_progress', 'on_hold')`;

@Injectable()
export class TypeOrmMyWorkReadModel implements MyWorkReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async list(criteria: MyWorkCriteria): Promise<MyWorkPage> {
    const params: unknown[] = [criteria.assigneeId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (criteria.dueBefore) where.push(`w.due < ${bind(criteria.dueBefore)}`);
    if (criteria.cursor) {
      const position = decodeCursor(criteria.cursor, SORT);
      const value = position.value;
      if (typeof value !== 'string' || !(value === 'infinity' || isCalendarDate(value))) {
        throw new InvalidCursorError('is not a cursor this API issued');
      }
      where.push(`(COALESCE(w.due, 'infinity'::date), w.item_key) > (${bind(value)}::date, ${bind(position.id)})`);
    }
    const rows: WorkRow[] = await this.txHost.tx.query(
      `SELECT * FROM (${WORK}) w ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY COALESCE(w.due, 'infinity'::date), w.item_key LIMIT ${bind(criteria.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, criteria.limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor:
        rows.length > criteria.limit && last
          ? encodeCursor({ sort: SORT, value: last.due ?? 'infinity', id: last.item_key })
          : null,
    };
  }
}

function toItem(row: WorkRow): WorkItem {
  return {
    kind: row.kind,
    id: row.item_key,
    title: row.title,
    status: row.status,
    due: row.due as CalendarDate | null,
    taskId: row.task_id,
    caseId: row.case_id,
    caseTitle: row.case_title,
    stepKey: row.step_key,
  };
}
