import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import {
  InvalidCursorError,
  decodeCursor,
  encodeCursor,
} from '../../../shared/application/cursor.js';
import { isCalendarDate } from '../../../shared/domain/calendar-date.js';
import type {
  TaskListCriteria,
  TaskPage,
  TaskReadModel,
  TaskSortField,
} from '../application/ports/task.read-model.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_PRIORITIES } from '../domain/task-status.js';
import { SELECT_TASK_BY_ID, TASK_COLUMNS, type TaskRow, toSnapshot } from './task.mapper.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SortKey {
  /** The SQL expression ordered on; the same one the keyset condition compares. */
  sql: string;
  /** Its SQL type, to cast the cursor's value. */
  type: string;
  valueOf(row: TaskRow): string | number;
  isValid(value: string | number): boolean;
}

const isTimestamp = (value: string | number) =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Nulls sort as 'infinity' so that tasks without a due date come last, and keysets stay total. */
const SORT_KEYS: Record<TaskSortField, SortKey> = {
  createdAt: {
    sql: 't.created_at',
    type: 'timestamptz',
    valueOf: (row) => row.created_at.toISOString(),
    isValid: isTimestamp,
  },
  updatedAt: {
    sql: 't.updated_at',
    type: 'timestamptz',
    valueOf: (row) => row.updated_at.toISOString(),
    isValid: isTimestamp,
  },
  dueDate: {
    sql: `COALESCE(t.due_date, 'infinity'::date)`,
    type: 'date',
    valueOf: (row) => row.due_date ?? 'infinity',
    isValid: (value) => typeof value === 'string' && (value === 'infinity' || isCalendarDate(value)),
  },
  priority: {
    sql: `array_position(ARRAY[${TASK_PRIORITIES.map((p) => `'${p}'`).join(', ')}]::text[], t.priority::text)`,
    type: 'int',
    valueOf: (row) => TASK_PRIORITIES.indexOf(row.priority) + 1,
    isValid: (value) => Number.isInteger(value),
  },
  title: {
    sql: 't.title',
    type: 'text',
    valueOf: (row) => row.title,
    isValid: (value) => typeof value === 'string',
  },
};

/**
 * Task lists with keyset pagination: a page starts strictly after the last row of the
 * previous one in (sort value, id) order, so rows inserted or deleted meanwhile never
 * shift a page: nothing is skipped or shown twice.
 */
@Injectable()
export class TypeOrmTaskReadModel implements TaskReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<TaskSnapshot | null> {
    const rows: TaskRow[] = await this.txHost.tx.query(SELECT_TASK_BY_ID, [id]);
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async list(criteria: TaskListCriteria): Promise<TaskPage> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];

    if (criteria.status?.length) where.push(`t.status = ANY(${bind(criteria.status)})`);
    if (criteria.priority?.length) where.push(`t.priority = ANY(${bind(criteria.priority)})`);
    if (criteria.assigneeId) where.push(`t.assignee_id = ${bind(criteria.assigneeId)}`);
    if (criteria.dueBefore) where.push(`t.due_date < ${bind(criteria.dueBefore)}`);
    if (criteria.dueAfter) where.push(`t.due_date > ${bind(criteria.dueAfter)}`);
    if (criteria.tag) where.push(`t.tags @> ARRAY[${bind(criteria.tag)}]::text[]`);
    if (criteria.text) where.push(`t.title ILIKE ${bind(`%${escapeLike(criteria.text)}%`)}`);

    const { field, direction } = criteria.sort;
    const key = SORT_KEYS[field];
    const sortName = `${direction === 'desc' ? '-' : ''}${field}`;
    if (criteria.cursor) {
      const position = decodeCursor(criteria.cursor, sortName);
      if (!key.isValid(position.value) || !UUID.test(position.id)) {
        throw new InvalidCursorError('is not a cursor this API issued');
      }
      const op = direction === 'desc' ? '<' : '>';
      where.push(
        `(${key.sql}, t.id) ${op} (${bind(position.value)}::${key.type}, ${bind(position.id)}::uuid)`,
      );
    }

    const order = direction === 'desc' ? 'DESC' : 'ASC';
    const rows: TaskRow[] = await this.txHost.tx.query(
      `SELECT ${TASK_COLUMNS} FROM tasks t
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${key.sql} ${order}, t.id ${order}
       LIMIT ${bind(criteria.limit + 1)}`,
      params,
    );

    const page = rows.slice(0, criteria.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > criteria.limit && last
        ? encodeCursor({ sort: sortName, value: key.valueOf(last), id: last.id })
        : null;
    return { items: page.map(toSnapshot), nextCursor };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
