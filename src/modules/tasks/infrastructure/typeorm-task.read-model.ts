import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { keysetOrders, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions, containsPattern } from '../../../shared/infrastructure/sql-conditions.js';
import type { TaskListCriteria, TaskPage, TaskReadModel, TaskSortField } from '../application/ports/task.read-model.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_PRIORITIES } from '../domain/task-status.js';
import { findTask, selectTasks } from './task-rows.js';

/** Every list order, by sort name; ties break on the id. Tasks without a due date sort last. */
const ORDERS = keysetOrders<TaskSnapshot, TaskSortField>(
  {
    createdAt: sortKey.timestamp('t.created_at', (task) => task.createdAt),
    updatedAt: sortKey.timestamp('t.updated_at', (task) => task.updatedAt),
    dueDate: sortKey.date('t.due_date', (task) => task.dueDate, { nullsLast: true }),
    priority: sortKey.integer(
      `array_position(ARRAY[${TASK_PRIORITIES.map((p) => `'${p}'`).join(', ')}]::text[], t.priority::text)`,
      (task) => TASK_PRIORITIES.indexOf(task.priority) + 1,
    ),
    title: sortKey.text('t.title', (task) => task.title, () => true),
  },
  sortKey.uuid('t.id', (task) => task.id),
);

/** Task reads: one task, or a filtered list one keyset page at a time. */
@Injectable()
export class TypeOrmTaskReadModel implements TaskReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  findById(id: string): Promise<TaskSnapshot | null> {
    return findTask(this.txHost.tx, id);
  }

  list(criteria: TaskListCriteria): Promise<TaskPage> {
    const where = new SqlConditions();
    if (criteria.status?.length) where.add(`t.status = ANY(${where.bind(criteria.status)})`);
    if (criteria.priority?.length) where.add(`t.priority = ANY(${where.bind(criteria.priority)})`);
    if (criteria.assigneeId) where.add(`t.assignee_id = ${where.bind(criteria.assigneeId)}`);
    if (criteria.dueBefore) where.add(`t.due_date < ${where.bind(criteria.dueBefore)}`);
    if (criteria.dueAfter) where.add(`t.due_date > ${where.bind(criteria.dueAfter)}`);
    if (criteria.tag) where.add(`t.tags @> ARRAY[${where.bind(criteria.tag)}]::text[]`);
    if (criteria.text) where.add(`t.title ILIKE ${where.bind(containsPattern(criteria.text))}`);

    const { field, direction } = criteria.sort;
    const order = ORDERS[direction === 'desc' ? (`-${field}` as const) : field];
    return keysetPage(order, criteria, where, (tail) => selectTasks(this.txHost.tx, tail, where.params));
  }
}
