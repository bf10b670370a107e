import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type KeysetOrder, keysetOrders, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions, containsPattern } from '../../../shared/infrastructure/sql-conditions.js';
import type { TaskListCriteria, TaskPage, TaskReadModel, TaskSortField } from '../application/ports/task.read-model.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_PRIORITIES } from '../domain/task-status.js';
import { findTask, selectTasks } from './task-rows.js';

/**
 * The keys of the list orders on the columns of `alias`: `tasks t`, or `task_tags g`, which
 * holds a copy of every column they sort on but updated_at, under the same names. Each key's
 * SQL is exactly an index's expression (task.orm-entity.ts, task-tag.orm-entity.ts), so that
 * a page and the cursor condition of the next one are one range of that index.
 */
const keysOn = (alias: 't' | 'g') => ({
  createdAt: sortKey.timestamp<TaskSnapshot>(`${alias}.created_at`, (task) => task.createdAt),
  dueDate: sortKey.date<TaskSnapshot>(`${alias}.due_date`, (task) => task.dueDate, { nullsLast: true }),
  priority: sortKey.integer<TaskSnapshot>(
    `array_position(ARRAY[${TASK_PRIORITIES.map((p) => `'${p}'`).join(', ')}]::text[], ${alias}.priority::text)`,
    (task) => TASK_PRIORITIES.indexOf(task.priority) + 1,
  ),
  title: sortKey.text<TaskSnapshot>(`${alias}.title`, (task) => task.title, () => true),
});

/** Every list order, by sort name; ties break on the id. Tasks without a due date sort last. */
const ORDERS = keysetOrders<TaskSnapshot, TaskSortField>(
  { ...keysOn('t'), updatedAt: sortKey.timestamp('t.updated_at', (task) => task.updatedAt) },
  sortKey.uuid('t.id', (task) => task.id),
);

/**
 * The same orders under the same names (so their cursors are interchangeable) on the rows of
 * one tag in `task_tags g`, each held in that order by an index (tag, key, task_id).
 */
const TAGGED: Partial<Record<keyof typeof ORDERS, KeysetOrder<TaskSnapshot>>> = keysetOrders<
  TaskSnapshot,
  Exclude<TaskSortField, 'updatedAt'>
>(keysOn('g'), sortKey.uuid('g.task_id', (task) => task.id));

/** Task reads: one task, or a filtered list one keyset page at a time. */
@Injectable()
export class TypeOrmTaskReadModel implements TaskReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  findById(id: string): Promise<TaskSnapshot | null> {
    return findTask(this.txHost.tx, id);
  }

  list(criteria: TaskListCriteria): Promise<TaskPage> {
    const { field, direction } = criteria.sort;
    const name = direction === 'desc' ? (`-${field}` as const) : field;
    // With a tag: that tag's rows of task_tags, in the order's own index where it has one.
    const tagged = criteria.tag ? TAGGED[name] : undefined;
    const order = tagged ?? ORDERS[name];
    // Sorted by due date, the due filters say the order's own key, to be a range of its index
    // (and to stop at the undated, 'infinity'); in another order they say the column, whose
    // statistics the planner weighs against walking that order's index.
    const due = field === 'dueDate' ? order.key.sql : 't.due_date';

    const where = new SqlConditions();
    if (criteria.status?.length) where.add(`t.status = ANY(${where.bind(criteria.status)})`);
    if (criteria.priority?.length) where.add(`t.priority = ANY(${where.bind(criteria.priority)})`);
    if (criteria.assigneeId) where.add(`t.assignee_id = ${where.bind(criteria.assigneeId)}`);
    // On the key, the same rows as on the column: a null due date is never before a date …
    if (criteria.dueBefore) where.add(`${due} < ${where.bind(criteria.dueBefore)}`);
    // … nor after one (a calendar date is never 'infinity', which stands for none).
    if (criteria.dueAfter) {
      where.add(`${due} > ${where.bind(criteria.dueAfter)}`);
      if (field === 'dueDate') where.add(`${due} < 'infinity'::date`);
    }
    if (criteria.tag) {
      const tag = where.bind(criteria.tag);
      if (tagged) where.add(`g.tag = ${tag}`);
      // updatedAt has no copy in task_tags: the planner weighs the tag's statistics there.
      else where.add(`EXISTS (SELECT 1 FROM task_tags g WHERE g.task_id = t.id AND g.tag = ${tag})`);
    }
    if (criteria.text) where.add(`t.title ILIKE ${where.bind(containsPattern(criteria.text))}`);

    const from = tagged ? 'JOIN task_tags g ON g.task_id = t.id' : '';
    // A deferred join: the page's ids and keys come from the indexes alone where they can
    // (an index-only scan over the matches, however many), then only the page's rows are
    // read, by primary key, instead of every match's row for a sort on another column.
    const dir = order.descending ? 'DESC' : 'ASC';
    return keysetPage(order, criteria, where, (tail) =>
      selectTasks(
        this.txHost.tx,
        `JOIN (SELECT ${order.unique.sql} AS id, ${order.key.sql} AS k FROM tasks t ${from} ${tail}) page ON page.id = t.id
         ORDER BY page.k ${dir}, page.id ${dir}`,
        where.params,
      ),
    );
  }
}
