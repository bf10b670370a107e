import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import { keysetOrders, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../../shared/infrastructure/sql-conditions.js';
import type { CaseListCriteria, CasePage, CaseReadModel, CaseSummary } from '../application/ports/case.read-model.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/** Each order has its index: (created_at, id), (goal_date, id); with templateId (template_id, created_at, id). */
const ORDERS = keysetOrders<CaseSummary, 'createdAt' | 'goalDate'>(
  {
    createdAt: sortKey.timestamp('c.created_at', (c) => c.createdAt),
    goalDate: sortKey.date('c.goal_date', (c) => c.goalDate),
  },
  sortKey.uuid('c.id', (c) => c.id),
);

/** Case lists with their progress, one keyset page at a time. */
@Injectable()
export class TypeOrmCaseReadModel implements CaseReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  list(criteria: CaseListCriteria): Promise<CasePage> {
    const where = new SqlConditions();
    if (criteria.status?.length) where.add(`c.status = ANY(${where.bind(criteria.status)})`);
    if (criteria.templateId) where.add(`c.template_id = ${where.bind(criteria.templateId)}`);
    if (criteria.goalBefore) where.add(`c.goal_date < ${where.bind(criteria.goalBefore)}`);
    if (criteria.goalAfter) where.add(`c.goal_date > ${where.bind(criteria.goalAfter)}`);
    if (criteria.assigneeId) {
      // A semi-join the planner runs either way round on IDX_case_steps_assignee_case: for a
      // person with steps in many cases it walks the order's index and probes (assignee_id,
      // case_id) once per case; for one with few it starts from that person's cases.
      where.add(
        `EXISTS (SELECT 1 FROM case_steps a WHERE a.assignee_id = ${where.bind(criteria.assigneeId)} AND a.case_id = c.id)`,
      );
    }
    const tx = this.txHost.tx;
    // The page of cases first, then the progress of those cases only, in the page's order.
    return keysetPage(ORDERS[criteria.sort], criteria, where, (tail, page) =>
      tx.query(
        `SELECT ${entityColumns(tx, CaseOrmEntity, 'c')}, p."stepsTotal", p."stepsFinished", p."nextDue"
         FROM (SELECT c.* FROM cases c ${tail}) c
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS "stepsTotal",
                  count(*) FILTER (WHERE s.status IN ('done', 'skipped'))::int AS "stepsFinished",
                  min(s.due_date) FILTER (WHERE s.status NOT IN ('done', 'skipped')) AS "nextDue"
           FROM case_steps s WHERE s.case_id = c.id) p
         ${page.orderBy}`,
        where.params,
      ),
    );
  }
}
