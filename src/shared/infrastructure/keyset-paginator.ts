import { InvalidCursorError, decodeCursor, encodeCursor } from '../application/cursor.js';
import type { Page } from '../application/page.js';
import { isCalendarDate } from '../domain/calendar-date.js';
import { isUuid } from '../domain/uuid.js';
import type { SqlConditions } from './sql-conditions.js';

/** One key of a list order: the SQL it orders on, and how a cursor carries its value. */
export interface SortKey<Row> {
  /** The SQL expression ordered on. The keyset condition compares the same expression, so one index serves both. */
  readonly sql: string;
  /** Its SQL type, to cast the cursor's value. */
  readonly type: string;
  valueOf(row: Row): string | number;
  /** Whether a value read from a cursor can be this key's: forged cursors fail here, not in SQL. */
  isValid(value: string | number): boolean;
}

/** A list order: a sort key, then a key unique per row (the tie-breaker), in one direction. */
export interface KeysetOrder<Row> {
  /** The name every cursor of this order carries (`-createdAt`): a cursor of another order is refused. */
  readonly name: string;
  readonly descending: boolean;
  readonly key: SortKey<Row>;
  readonly unique: SortKey<Row>;
}

export interface PageRequest {
  cursor?: string;
  limit: number;
}

/** What `keysetPage` gives `select` besides the query's tail. */
export interface KeysetParts {
  /** The page's `ORDER BY`, e.g. for an outer query that joins more to the page's rows. */
  readonly orderBy: string;
  /**
   * The page's condition, order and limit for one branch of a UNION, on that branch's own
   * expressions for the key and the tie-breaker (those its index is on), after the branch's
   * own `conditions`: `WHERE … AND (key, unique) > (cursor) ORDER BY key, unique LIMIT n`.
   * Each branch then reads at most one page along its own index, and the outer query, which
   * takes the tail, merges them. The cursor's values and the limit are the tail's own
   * placeholders. A branch's key must order its rows as the order's key does.
   */
  branch(keys: { key: string; unique: string }, conditions?: readonly string[]): string;
}

const isTimestamp = (value: string | number) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Sort keys of the column types lists order on. */
export const sortKey = {
  timestamp: <Row>(sql: string, valueOf: (row: Row) => Date): SortKey<Row> => ({
    sql,
    type: 'timestamptz',
    valueOf: (row) => valueOf(row).toISOString(),
    isValid: isTimestamp,
  }),
  /** A calendar date; a nullable one sorts as 'infinity' (last ascending) so that positions stay total. */
  date: <Row>(sql: string, valueOf: (row: Row) => string | null, options: { nullsLast?: boolean } = {}): SortKey<Row> => ({
    sql: options.nullsLast ? `COALESCE(${sql}, 'infinity'::date)` : sql,
    type: 'date',
    valueOf: (row) => valueOf(row) ?? 'infinity',
    isValid: (value) =>
      typeof value === 'string' && ((options.nullsLast === true && value === 'infinity') || isCalendarDate(value)),
  }),
  text: <Row>(sql: string, valueOf: (row: Row) => string, isValid = (value: string) => value.length > 0): SortKey<Row> => ({
    sql,
    type: 'text',
    valueOf,
    isValid: (value) => typeof value === 'string' && isValid(value),
  }),
  integer: <Row>(sql: string, valueOf: (row: Row) => number): SortKey<Row> => ({
    sql,
    type: 'int',
    valueOf,
    isValid: (value) => Number.isInteger(value),
  }),
  /** A bigint, which pg returns as a string (a sequence's ids). */
  bigint: <Row>(sql: string, valueOf: (row: Row) => string): SortKey<Row> => ({
    sql,
    type: 'bigint',
    valueOf,
    isValid: (value) => typeof value === 'string' && /^[1-9][0-9]{0,18}$/.test(value),
  }),
  uuid: <Row>(sql: string, valueOf: (row: Row) => string): SortKey<Row> => ({
    sql,
    type: 'uuid',
    valueOf,
    isValid: isUuid,
  }),
};

/** The order on `key` then `unique`, ascending, or descending when `name` starts with `-`. */
export function keysetOrder<Row>(name: string, key: SortKey<Row>, unique: SortKey<Row>): KeysetOrder<Row> {
  return { name, descending: name.startsWith('-'), key, unique };
}

/** Both directions of every key, by sort name: `{ createdAt, '-createdAt', title, '-title', … }`. */
export function keysetOrders<Row, Field extends string>(
  keys: Record<Field, SortKey<Row>>,
  unique: SortKey<Row>,
): Record<Field | `-${Field}`, KeysetOrder<Row>> {
  const orders = {} as Record<Field | `-${Field}`, KeysetOrder<Row>>;
  for (const field of Object.keys(keys) as Field[]) {
    orders[field] = keysetOrder(field, keys[field], unique);
    orders[`-${field}`] = keysetOrder(`-${field}`, keys[field], unique);
  }
  return orders;
}

/**
 * One page of a list in keyset order: the page starts strictly after the position in the
 * cursor, in (key, unique) order, so rows inserted or deleted meanwhile never shift a page:
 * nothing is skipped or shown twice. `select` receives the query's tail (`WHERE … ORDER BY …
 * LIMIT …`, with every value bound in `where`) and runs it after its SELECT … FROM; a query
 * that is a UNION also gives each branch its own page with `parts.branch()`.
 *
 * @example
 * const where = new SqlConditions();
 * if (criteria.status) where.add(`t.status = ANY(${where.bind(criteria.status)})`);
 * const page = await keysetPage(TASK_ORDERS[criteria.sort], criteria, where, (tail) =>
 *   manager.query(`SELECT ${columns} FROM tasks t ${tail}`, where.params),
 * );
 */
export async function keysetPage<Row>(
  order: KeysetOrder<Row>,
  request: PageRequest,
  where: SqlConditions,
  select: (tail: string, parts: KeysetParts) => Promise<Row[]>,
): Promise<Page<Row>> {
  const { key, unique } = order;
  let after: ((key: string, unique: string) => string) | null = null;
  if (request.cursor) {
    const position = decodeCursor(request.cursor, order.name);
    if (!key.isValid(position.value) || !unique.isValid(position.id)) {
      throw new InvalidCursorError('is not a cursor this API issued');
    }
    const value = `${where.bind(position.value)}::${key.type}`;
    const id = `${where.bind(position.id)}::${unique.type}`;
    const operator = order.descending ? '<' : '>';
    after = (k, u) => `(${k}, ${u}) ${operator} (${value}, ${id})`;
    where.add(after(key.sql, unique.sql));
  }
  const direction = order.descending ? 'DESC' : 'ASC';
  const orderBy = (k: string, u: string) => `ORDER BY ${k} ${direction}, ${u} ${direction}`;
  // One row more than the page tells whether another page follows, without a count.
  const limit = `LIMIT ${where.bind(request.limit + 1)}`;
  const parts: KeysetParts = {
    orderBy: orderBy(key.sql, unique.sql),
    branch: (keys, conditions = []) => {
      const all = after ? [...conditions, after(keys.key, keys.unique)] : conditions;
      return `${all.length > 0 ? `WHERE ${all.join(' AND ')} ` : ''}${orderBy(keys.key, keys.unique)} ${limit}`;
    },
  };
  const rows = await select(`${where.clause()} ${parts.orderBy} ${limit}`, parts);
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > request.limit && last
      ? encodeCursor({ sort: order.name, value: key.valueOf(last), id: String(unique.valueOf(last)) })
      : null;
  return { items, nextCursor };
}
