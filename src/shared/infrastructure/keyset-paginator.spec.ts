import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, decodeCursor, encodeCursor } from '../application/cursor.js';
import { keysetOrder, keysetOrders, keysetPage, sortKey } from './keyset-paginator.js';
import { SqlConditions, containsPattern } from './sql-conditions.js';

interface Row {
  id: string;
  name: string;
  createdAt: Date;
}

const BY_NAME = keysetOrder<Row>('name', sortKey.text('r.name', (r) => r.name), sortKey.uuid('r.id', (r) => r.id));
const ORDERS = keysetOrders<Row, 'name' | 'createdAt'>(
  { name: BY_NAME.key, createdAt: sortKey.timestamp('r.created_at', (r) => r.createdAt) },
  BY_NAME.unique,
);

const row = (i: number): Row => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `row ${i}`,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
});

/** Runs keysetPage against a select that returns `rows` and records the query it was given. */
async function page(rows: Row[], request: { cursor?: string; limit: number }, order = BY_NAME) {
  const where = new SqlConditions('fixed');
  let tail = '';
  const result = await keysetPage(order, request, where, async (t) => {
    tail = t;
    return rows;
  });
  return { result, tail, params: where.params };
}

describe('keysetPage', () => {
  it('asks for one row more than the page, ordered by the key then the tie-breaker, every value bound', async () => {
    const { tail, params } = await page([], { limit: 20 });
    expect(tail).toBe(' ORDER BY r.name ASC, r.id ASC LIMIT $2');
    expect(params).toEqual(['fixed', 21]);
  });

  it('returns a cursor after the last item only when another page follows', async () => {
    const rows = [row(1), row(2), row(3)];
    const full = await page(rows, { limit: 2 });
    expect(full.result.items).toEqual([row(1), row(2)]);
    expect(decodeCursor(full.result.nextCursor!, 'name')).toEqual({ sort: 'name', value: 'row 2', id: row(2).id });
    const last = await page(rows.slice(0, 2), { limit: 2 });
    expect(last.result).toEqual({ items: [row(1), row(2)], nextCursor: null });
  });

  it('starts strictly after the cursor: > ascending, < descending, with the values cast and bound', async () => {
    const cursor = encodeCursor({ sort: 'name', value: 'row 2', id: row(2).id });
    const asc = await page([], { cursor, limit: 5 });
    expect(asc.tail).toBe('WHERE (r.name, r.id) > ($2::text, $3::uuid) ORDER BY r.name ASC, r.id ASC LIMIT $4');
    expect(asc.params).toEqual(['fixed', 'row 2', row(2).id, 6]);

    const descCursor = encodeCursor({ sort: '-createdAt', value: row(2).createdAt.toISOString(), id: row(2).id });
    const desc = await page([], { cursor: descCursor, limit: 5 }, ORDERS['-createdAt']);
    expect(desc.tail).toContain('(r.created_at, r.id) < ($2::timestamptz, $3::uuid)');
    expect(desc.tail).toContain('ORDER BY r.created_at DESC, r.id DESC');
  });

  it('refuses a cursor of another order, or one whose values are not the keys\' (property)', async () => {
    await expect(page([], { cursor: encodeCursor({ sort: '-name', value: 'a', id: row(1).id }), limit: 5 })).rejects.toThrow(
      'belongs to sort -name, not name',
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.integer()), fc.string(), async (value, id) => {
        const cursor = encodeCursor({ sort: '-createdAt', value, id });
        await expect(page([], { cursor, limit: 5 }, ORDERS['-createdAt'])).rejects.toBeInstanceOf(InvalidCursorError);
      }),
    );
  });

  it('gives each branch of a union the page on its own keys, sharing the cursor\'s and the limit\'s placeholders', async () => {
    const keys = { key: 'x.label', unique: 'x.key' };
    const branchOf = async (request: { cursor?: string; limit: number }, order = BY_NAME) => {
      const where = new SqlConditions('fixed');
      let parts = { tail: '', orderBy: '', branch: '', bare: '' };
      await keysetPage(order, request, where, async (tail, page) => {
        parts = { tail, orderBy: page.orderBy, branch: page.branch(keys, ['x.owner = $1']), bare: page.branch(keys) };
        return [];
      });
      return { ...parts, params: where.params };
    };

    const first = await branchOf({ limit: 2 });
    expect(first.orderBy).toBe('ORDER BY r.name ASC, r.id ASC');
    expect(first.branch).toBe('WHERE x.owner = $1 ORDER BY x.label ASC, x.key ASC LIMIT $2');
    expect(first.bare).toBe('ORDER BY x.label ASC, x.key ASC LIMIT $2');
    expect(first.params).toEqual(['fixed', 3]);

    const cursor = encodeCursor({ sort: 'name', value: 'row 2', id: row(2).id });
    const next = await branchOf({ cursor, limit: 2 });
    expect(next.tail).toBe('WHERE (r.name, r.id) > ($2::text, $3::uuid) ORDER BY r.name ASC, r.id ASC LIMIT $4');
    expect(next.branch).toBe(
      'WHERE x.owner = $1 AND (x.label, x.key) > ($2::text, $3::uuid) ORDER BY x.label ASC, x.key ASC LIMIT $4',
    );
    expect(next.params).toEqual(['fixed', 'row 2', row(2).id, 3]);

    const descCursor = encodeCursor({ sort: '-createdAt', value: row(2).createdAt.toISOString(), id: row(2).id });
    const desc = await branchOf({ cursor: descCursor, limit: 2 }, ORDERS['-createdAt']);
    expect(desc.orderBy).toBe('ORDER BY r.created_at DESC, r.id DESC');
    expect(desc.bare).toBe('WHERE (x.label, x.key) < ($2::timestamptz, $3::uuid) ORDER BY x.label DESC, x.key DESC LIMIT $4');
  });

  it('offers both directions of every key by sort name', () => {
    expect(Object.keys(ORDERS).sort()).toEqual(['-createdAt', '-name', 'createdAt', 'name']);
    expect(ORDERS['-name']).toMatchObject({ name: '-name', descending: true, key: BY_NAME.key });
  });
});

describe('sort keys', () => {
  it('accept only values of their type from a cursor', () => {
    const due = sortKey.date<{ due: string | null }>('d', (r) => r.due, { nullsLast: true });
    expect(due.sql).toBe(`COALESCE(d, 'infinity'::date)`);
    expect([due.isValid('2026-01-31'), due.isValid('infinity'), due.isValid('2026-02-30'), due.isValid(7)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(due.valueOf({ due: null })).toBe('infinity');
    const strictDate = sortKey.date<{ due: string }>('d', (r) => r.due);
    expect(strictDate.isValid('infinity')).toBe(false);
    const count = sortKey.integer<{ n: number }>('n', (r) => r.n);
    expect([count.isValid(3), count.isValid(3.5), count.isValid('3')]).toEqual([true, false, false]);
  });
});

describe('SqlConditions', () => {
  it('binds values after the fixed parameters and joins conditions with AND', () => {
    const where = new SqlConditions('me');
    expect(where.clause()).toBe('');
    where.add(`a = ${where.bind(1)}`).add(`b = ANY(${where.bind(['x'])})`);
    expect(where.clause()).toBe('WHERE a = $2 AND b = ANY($3)');
    expect(where.params).toEqual(['me', 1, ['x']]);
  });
});

describe('containsPattern', () => {
  it('takes LIKE wildcards and the escape character literally', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(containsPattern('plain')).toBe('%plain%');
  });
});
