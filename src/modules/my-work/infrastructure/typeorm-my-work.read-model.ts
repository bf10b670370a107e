import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../../shared/infrastructure/sql-conditions.js';
import type { MyWorkCriteria, MyWorkPage, MyWorkReadModel, WorkItem } from '../application/ports/my-work.read-model.js';

/** Soonest due first (undated last), ties broken by the item's key. */
const SOONEST_FIRST = keysetOrder<WorkItem>(
  'due',
  sortKey.date('w.due', (item) => item.due, { nullsLast: true }),
  sortKey.text('w.id', (item) => item.id),
);

/**
 * Open tasks and open steps of live cases, merged in one query (a union the query builder
 * cannot say well), each row keyed as a WorkItem.
 */
const WORK = `
  SELECT 'task' AS kind, t.id::text AS id, t.title, t.status, t.due_date AS due,
         t.id AS "taskId", NULL::uuid AS "caseId", NULL AS "caseTitle", NULL AS "stepKey"
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

  list(criteria: MyWorkCriteria): Promise<MyWorkPage> {
    const where = new SqlConditions(criteria.assigneeId);
    if (criteria.dueBefore) where.add(`w.due < ${where.bind(criteria.dueBefore)}`);
    return keysetPage(SOONEST_FIRST, criteria, where, (tail) =>
      this.txHost.tx.query(`SELECT * FROM (${WORK}) w ${tail}`, where.params),
    );
  }
}
