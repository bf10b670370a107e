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
 * The same order in each branch, on the expressions of that branch's partial index of open
 * items (IDX_tasks_open_by_assignee, IDX_case_steps_open_by_assignee): a step always has a
 * due date, so its own due date is its place ('infinity', an undated task's, is after all).
 */
const TASK_KEYS = { key: `COALESCE(t.due_date, 'infinity'::date)`, unique: 't.id::text' };
const STEP_KEYS = { key: 's.due_date', unique: `s.case_id::text || ':' || s.step_key` };

/**
 * One person's open tasks and open steps of live cases, merged in one query (a union the
 * query builder cannot say well), each row keyed as a WorkItem. Each branch reads at most
 * one page, from its index, starting after the cursor; the outer query merges the two.
 */
@Injectable()
export class TypeOrmMyWorkReadModel implements MyWorkReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  list(criteria: MyWorkCriteria): Promise<MyWorkPage> {
    const where = new SqlConditions(criteria.assigneeId);
    const dueBefore = criteria.dueBefore ? where.bind(criteria.dueBefore) : null;
    const taskConditions = [`t.assignee_id = $1`, `t.status IN ('todo', 'in_progress')`];
    const stepConditions = [
      `s.assignee_id = $1`,
      `s.status IN ('todo', 'in_progress', 'blocked')`,
      `c.status IN ('open', 'in_progress', 'on_hold')`,
    ];
    if (dueBefore) {
      // Items without a due date are left out: 'infinity' is never before a date.
      taskConditions.push(`${TASK_KEYS.key} < ${dueBefore}`);
      stepConditions.push(`${STEP_KEYS.key} < ${dueBefore}`);
    }
    return keysetPage(SOONEST_FIRST, criteria, where, (tail, page) =>
      this.txHost.tx.query(
        `SELECT * FROM (
           (SELECT 'task' AS kind, t.id::text AS id, t.title, t.status, t.due_date AS due,
                   t.id AS "taskId", NULL::uuid AS "caseId", NULL AS "caseTitle", NULL AS "stepKey"
            FROM tasks t
            ${page.branch(TASK_KEYS, taskConditions)})
           UNION ALL
           (SELECT 'case_step', s.case_id::text || ':' || s.step_key, s.name, s.status, s.due_date,
                   NULL, s.case_id, c.title, s.step_key
            FROM case_steps s JOIN cases c ON c.id = s.case_id
            ${page.branch(STEP_KEYS, stepConditions)})
         ) w ${tail}`,
        where.params,
      ),
    );
  }
}
