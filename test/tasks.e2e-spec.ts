import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { listQueryOf as listQueryFor, nodesOf, planOf, planShape } from './support/query-plans.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A tag no other test uses, so that list assertions see only their own tasks. */
const uniqueTag = () => `t-${randomUUID().slice(0, 8)}`;

async function createTask(body: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/tasks', { body: { title: 'A task', ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function listAll(query: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page = await t.request(
      'GET',
      `/tasks?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('POST /tasks', () => {
  it('creates a task with defaults, a Location and an ETag', async () => {
    const response = await t.request('POST', '/tasks', {
      body: { title: '  Collect signed NDA  ', tags: ['Legal', 'legal', 'q4'], dueDate: '2026-12-31' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Collect signed NDA',
      description: '',
      priority: 'medium',
      status: 'todo',
      dueDate: '2026-12-31',
      assigneeId: null,
      tags: ['legal', 'q4'],
      version: 1,
    });
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/tasks/${response.body.id}`);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('keeps the calendar date whatever the time zone', async () => {
    const task = await createTask({ dueDate: '2026-01-01' });
    const read = await t.request('GET', `/tasks/${task.id}`);
    expect(read.body.dueDate).toBe('2026-01-01');
  });
});

describe('GET /tasks/:id', () => {
  it('reads a task with its ETag', async () => {
    const task = await createTask({ priority: 'high' });
    const response = await t.request('GET', `/tasks/${task.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(task);
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('answers 404 as a problem for an unknown id', async () => {
    const id = randomUUID();
    const response = await t.request('GET', `/tasks/${id}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:task-not-found',
      status: 404,
      instance: `/tasks/${id}`,
    });
    expect(response.body.traceId).toBe(response.headers.get('x-request-id'));
  });

  it('takes the trace id from traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await t.request('GET', `/tasks/${randomUUID()}`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.body.traceId).toBe(traceId);
    expect(response.headers.get('x-request-id')).toBe(traceId);
  });
});

describe('PATCH /tasks/:id', () => {
  it('changes fields, bumps the version and the ETag', async () => {
    const task = await createTask();
    const assigneeId = (await t.newUser()).id;
    const response = await t.request('PATCH', `/tasks/${task.id}`, {
      body: { title: 'Renamed', assigneeId, dueDate: '2027-02-28', tags: ['x'] },
      headers: { 'if-match': '"1"' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      title: 'Renamed',
      assigneeId,
      dueDate: '2027-02-28',
      tags: ['x'],
      version: 2,
    });
    expect(response.headers.get('etag')).toBe('"2"');
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
  });

  it('clears nullable fields with null', async () => {
    const task = await createTask({ dueDate: '2026-12-01', assigneeId: (await t.newUser()).id });
    const response = await t.request('PATCH', `/tasks/${task.id}`, {
      body: { dueDate: null, assigneeId: null },
    });
    expect(response.body).toMatchObject({ dueDate: null, assigneeId: null, version: 2 });
  });

  it('does not bump the version when nothing changes', async () => {
    const task = await createTask({ title: 'Same' });
    const response = await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Same' } });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('walks the status through todo -> in_progress -> done -> todo', async () => {
    const task = await createTask();
    for (const [status, version] of [
      ['in_progress', 2],
      ['done', 3],
      ['todo', 4],
      ['cancelled', 5],
      ['todo', 6],
    ] as const) {
      const response = await t.request('PATCH', `/tasks/${task.id}`, { body: { status } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ status, version });
    }
  });

  it('refuses a move the status rules forbid with 409, naming the field', async () => {
    const task = await createTask();
    const response = await t.request('PATCH', `/tasks/${task.id}`, { body: { status: 'done' } });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:task-invalid-transition',
      errors: [{ field: 'status', message: 'cannot move from todo to done' }],
    });
    const read = await t.request('GET', `/tasks/${task.id}`);
    expect(read.body).toEqual(task);
  });

  it('refuses to change a cancelled task until it is reopened', async () => {
    const task = await createTask();
    await t.request('PATCH', `/tasks/${task.id}`, { body: { status: 'cancelled' } });
    const refused = await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'New' } });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:process-todo:problem:task-cancelled');
    const reopened = await t.request('PATCH', `/tasks/${task.id}`, {
      body: { status: 'todo', title: 'New' },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'todo', title: 'New' });
  });

  it('answers 412 to a stale If-Match and changes nothing', async () => {
    const task = await createTask();
    await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'First' } });
    const stale = await t.request('PATCH', `/tasks/${task.id}`, {
      body: { title: 'Second' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: 'urn:process-todo:problem:stale-version', status: 412 });
    const read = await t.request('GET', `/tasks/${task.id}`);
    expect(read.body).toMatchObject({ title: 'First', version: 2 });
  });

  it('evaluates If-Match as RFC 9110 does: any listed tag may match, a foreign tag never does', async () => {
    const task = await createTask();
    const listed = await t.request('PATCH', `/tasks/${task.id}`, {
      body: { title: 'Listed' },
      headers: { 'if-match': '"7", W/"1"' },
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body).toMatchObject({ title: 'Listed', version: 2 });
    for (const [method, body] of [['PATCH', { title: 'Foreign' }], ['DELETE', undefined]] as const) {
      const foreign = await t.request(method, `/tasks/${task.id}`, { body, headers: { 'if-match': '"stale-0"' } });
      expect(foreign.status).toBe(412);
      expect(foreign.body).toMatchObject({ type: 'urn:process-todo:problem:stale-version' });
    }
    const deleted = await t.request('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1", "2"' } });
    expect(deleted.status).toBe(204);
  });

  it('lets exactly one of two writers holding the same ETag win', async () => {
    const task = await createTask();
    const results = await Promise.all(
      ['A', 'B'].map((title) =>
        t.request('PATCH', `/tasks/${task.id}`, { body: { title }, headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const read = await t.request('GET', `/tasks/${task.id}`);
    expect(read.body.version).toBe(2);
    expect(read.body.title).toBe(results.find((r) => r.status === 200)!.body.title);
  });

  it('loses no update among concurrent writers without If-Match', async () => {
    const task = await createTask();
    const writers = 8;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        t.request('PATCH', `/tasks/${task.id}`, { body: i % 2 ? { title: `T${i}` } : { tags: [`w${i}`] } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(writers).fill(200));
    const read = await t.request('GET', `/tasks/${task.id}`);
    // Every accepted write is a version of its own: none overwrote another unseen.
    expect(read.body.version).toBe(1 + writers);
  });

  it('answers 404 for an unknown task', async () => {
    const response = await t.request('PATCH', `/tasks/${randomUUID()}`, { body: { title: 'x' } });
    expect(response.status).toBe(404);
  });
});

describe('DELETE /tasks/:id', () => {
  it('deletes, then answers 404', async () => {
    const task = await createTask();
    const deleted = await t.request('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' } });
    expect(deleted.status).toBe(204);
    expect((await t.request('GET', `/tasks/${task.id}`)).status).toBe(404);
    expect((await t.request('DELETE', `/tasks/${task.id}`)).status).toBe(404);
  });

  it('answers 412 to a stale If-Match and keeps the task', async () => {
    const task = await createTask();
    await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Changed' } });
    const stale = await t.request('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect((await t.request('GET', `/tasks/${task.id}`)).status).toBe(200);
  });
});

describe('GET /tasks', () => {
  it('filters by status, priority, assignee, due dates, tag and text', async () => {
    const tag = uniqueTag();
    const alice = (await t.newUser()).id;
    const a = await createTask({ title: 'Draft 100% plan', tags: [tag], priority: 'high', assigneeId: alice, dueDate: '2026-12-10' });
    const b = await createTask({ title: 'Review plan', tags: [tag], priority: 'low', dueDate: '2026-12-20' });
    const c = await createTask({ title: 'Ship', tags: [tag], priority: 'urgent' });
    await t.request('PATCH', `/tasks/${c.id}`, { body: { status: 'in_progress' } });

    const ids = async (query: string) =>
      (await listAll(`tag=${tag}&${query}`)).map((task) => task.id).sort();

    expect(await ids('')).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('status=in_progress')).toEqual([c.id]);
    expect(await ids('status=todo,in_progress')).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('priority=high&priority=low')).toEqual([a.id, b.id].sort());
    expect(await ids(`assigneeId=${alice}`)).toEqual([a.id]);
    expect(await ids('dueBefore=2026-12-20')).toEqual([a.id]);
    expect(await ids('dueAfter=2026-12-10')).toEqual([b.id]);
    expect(await ids('q=PLAN')).toEqual([a.id, b.id].sort());
    expect(await ids('q=100%25')).toEqual([a.id]);
    expect(await ids('q=%25%25')).toEqual([]);
    const upper = await listAll(`tag=${tag.toUpperCase()}`);
    expect(upper.map((task) => task.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it.each([
    ['dueDate', ['2026-01-05', '2026-01-06', null]],
    ['-dueDate', [null, '2026-01-06', '2026-01-05']],
    ['priority', ['low', 'high', 'urgent']],
    ['-priority', ['urgent', 'high', 'low']],
    ['title', ['alpha', 'bravo', 'charlie']],
    ['-title', ['charlie', 'bravo', 'alpha']],
  ] as const)('sorts by %s', async (sort, expected) => {
    const tag = uniqueTag();
    const field = sort.replace('-', '') as 'dueDate' | 'priority' | 'title';
    const seeds: Record<string, unknown>[] = {
      dueDate: [{ dueDate: '2026-01-06' }, { dueDate: null }, { dueDate: '2026-01-05' }],
      priority: [{ priority: 'high' }, { priority: 'urgent' }, { priority: 'low' }],
      title: [{ title: 'bravo' }, { title: 'charlie' }, { title: 'alpha' }],
    }[field];
    for (const seed of seeds) await createTask({ ...seed, tags: [tag] });
    const items = await listAll(`tag=${tag}&sort=${sort}&limit=1`);
    expect(items.map((task) => task[field])).toEqual(expected);
  });

  it('pages with a cursor under concurrent inserts: no duplicates, no gaps', async () => {
    const tag = uniqueTag();
    const before = new Set<string>();
    for (let i = 0; i < 25; i++) before.add((await createTask({ title: `p${i}`, tags: [tag] })).id);

    for (const sort of ['-createdAt', 'createdAt', 'title', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const query: string = `tag=${tag}&sort=${sort}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const [response]: [{ status: number; body: any }, unknown] = await Promise.all([
          t.request('GET', `/tasks?${query}`),
          createTask({ title: `late ${sort} ${page}`, tags: [tag] }),
        ]);
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...response.body.items.map((task: { id: string }) => task.id));
        cursor = response.body.nextCursor;
        page++;
      } while (cursor);
      expect(new Set(seen).size, `duplicates with sort ${sort}`).toBe(seen.length);
      for (const id of before) expect(seen, `gap with sort ${sort}`).toContain(id);
    }
  });

  it('rejects a cursor issued for another sort', async () => {
    const tag = uniqueTag();
    await createTask({ tags: [tag] });
    await createTask({ tags: [tag] });
    const first = await t.request('GET', `/tasks?tag=${tag}&limit=1`);
    expect(first.body.nextCursor).toBeTruthy();
    const response = await t.request(
      'GET',
      `/tasks?tag=${tag}&sort=title&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'cursor', message: 'belongs to sort -createdAt, not title' },
    ]);
  });
});

describe('GET /tasks with tag and due filters, after writes', () => {
  const SORTS = ['-createdAt', 'createdAt', 'title', '-title', 'priority', '-priority', 'dueDate', '-dueDate', '-updatedAt'];
  const idsOf = async (query: string) => (await listAll(`${query}&limit=2`)).map((task) => task.id);

  it('lists a tag\'s tasks in every order as the tasks stand after each create, change and delete', async () => {
    const tag = uniqueTag();
    const other = uniqueTag();
    const a = await createTask({ title: 'alpha', priority: 'low', dueDate: '2026-03-01', tags: [tag] });
    const b = await createTask({ title: 'bravo', priority: 'high', tags: [other, tag] });
    const c = await createTask({ title: 'charlie', priority: 'urgent', dueDate: '2026-01-01', tags: [other] });
    // The same tasks, in the same order, as the list of every task sorted alike and kept to those carrying the tag.
    const expected = async (sort: string, wanted: string) =>
      (await listAll(`sort=${sort}&limit=100`))
        .filter((task) => task.tags.includes(wanted))
        .map((task) => task.id);
    const check = async () => {
      for (const sort of SORTS) {
        for (const wanted of [tag, other]) {
          expect(await idsOf(`tag=${wanted}&sort=${sort}`), `tag ${wanted === tag ? 'one' : 'two'}, sort ${sort}`).toEqual(
            await expected(sort, wanted),
          );
        }
      }
    };
    await check();
    expect(await idsOf(`tag=${tag}&sort=title`)).toEqual([a.id, b.id]);

    // Retag: c joins the first tag, b leaves it; rename, reprioritise and re-date a and c.
    await t.request('PATCH', `/tasks/${c.id}`, { body: { tags: [tag, other] } });
    await t.request('PATCH', `/tasks/${b.id}`, { body: { tags: [other] } });
    await t.request('PATCH', `/tasks/${a.id}`, { body: { title: 'zulu', priority: 'urgent', dueDate: null } });
    await t.request('PATCH', `/tasks/${c.id}`, { body: { title: 'able', priority: 'low', dueDate: '2026-06-01' } });
    await check();
    expect(await idsOf(`tag=${tag}&sort=title`)).toEqual([c.id, a.id]);
    expect(await idsOf(`tag=${tag}&sort=-priority`)).toEqual([a.id, c.id]);
    expect(await idsOf(`tag=${tag}&sort=dueDate`)).toEqual([c.id, a.id]);
    expect(await idsOf(`tag=${other}&sort=title`)).toEqual([c.id, b.id]);

    // A status move changes no order a tag list keeps; a deleted task leaves every list.
    await t.request('PATCH', `/tasks/${c.id}`, { body: { status: 'in_progress' } });
    await t.request('DELETE', `/tasks/${a.id}`);
    await check();
    expect(await idsOf(`tag=${tag}&sort=title`)).toEqual([c.id]);
    expect(await idsOf(`tag=${tag}&status=in_progress`)).toEqual([c.id]);
  });

  it('filters by due date in the due order as in any other, with or without a tag; undated tasks never match', async () => {
    const tag = uniqueTag();
    const assigneeId = (await t.newUser()).id;
    const early = await createTask({ title: 'early', dueDate: '2026-02-01', tags: [tag], assigneeId });
    const middle = await createTask({ title: 'middle', dueDate: '2026-02-10', tags: [tag], assigneeId });
    const late = await createTask({ title: 'late', dueDate: '2026-02-20', tags: [tag], assigneeId });
    await createTask({ title: 'undated', tags: [tag], assigneeId });
    for (const scope of [`tag=${tag}`, `assigneeId=${assigneeId}`]) {
      for (const sort of ['dueDate', '-dueDate', '-createdAt', 'title']) {
        const ids = async (query: string) => (await idsOf(`${scope}&sort=${sort}&${query}`)).sort();
        const why = `${scope.split('=')[0]}, sort ${sort}`;
        expect(await ids('dueBefore=2026-02-20'), why).toEqual([early.id, middle.id].sort());
        expect(await ids('dueAfter=2026-02-01'), why).toEqual([middle.id, late.id].sort());
        expect(await ids('dueAfter=2026-02-01&dueBefore=2026-02-20'), why).toEqual([middle.id]);
        expect(await ids('dueAfter=2026-02-20'), why).toEqual([]);
        expect(await ids('dueBefore=2026-02-01'), why).toEqual([]);
      }
    }
    expect(await idsOf(`tag=${tag}&sort=-dueDate&dueAfter=2026-01-01`)).toEqual([late.id, middle.id, early.id]);
  });
});

describe('GET /tasks query plans', () => {
  // The task list's own SELECT: the page's rows joined to its page of ids (with their LIMIT).
  const listQueryOf = (path: string) => listQueryFor(t, path, /^\s*SELECT\b[\s\S]*\bFROM tasks t JOIN \(SELECT\b[\s\S]*\bLIMIT \$\d+/);
  const planNodes = async (query: { sql: string; params: unknown[] }) => nodesOf(await planOf(t, query));

  it('reads every order from an index, on its first page and after a cursor, alone or with a tag, an assignee or a due range', async () => {
    const tag = uniqueTag();
    const assigneeId = (await t.newUser()).id;
    for (const [title, dueDate] of [['b', '2026-05-02'], ['a', null], ['c', '2026-05-01']]) {
      await createTask({ title, dueDate, tags: [tag], assigneeId });
    }
    // Each query, and the column its index must take as a condition (not a filter) beside the order.
    const queries: [string, RegExp | null][] = [];
    for (const sort of TASK_SORTS) queries.push([`sort=${sort}`, null], [`sort=${sort}&tag=${tag}`, /\btag\b/]);
    for (const sort of ['-createdAt', 'createdAt', 'dueDate', '-dueDate']) {
      queries.push([`sort=${sort}&assigneeId=${assigneeId}`, /assignee_id/]);
    }
    queries.push(
      [`sort=dueDate&dueBefore=2026-06-01`, /due_date/],
      [`sort=-dueDate&dueAfter=2026-01-01`, /due_date/],
      [`sort=dueDate&tag=${tag}&dueBefore=2026-06-01&dueAfter=2026-01-01`, /due_date/],
      [`sort=dueDate&assigneeId=${assigneeId}&dueBefore=2026-06-01`, /assignee_id[\s\S]*due_date/],
    );
    for (const [query, condition] of queries) {
      const first = await t.request('GET', `/tasks?${query}&limit=1`);
      expect(first.body.nextCursor, query).toBeTruthy();
      for (const path of [`/tasks?${query}&limit=1`, `/tasks?${query}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`]) {
        const nodes = await planNodes(await listQueryOf(path));
        const shape = planShape(nodes[0]!);
        expect(nodes.filter((node) => /Sort/.test(node['Node Type'])), `${path}: ${shape}`).toEqual([]);
        if (condition) expect(nodes.some((node) => condition.test(node['Index Cond'] ?? '')), `${path}: ${shape}`).toBe(true);
      }
    }
  });
});

const TASK_SORTS = ['createdAt', 'updatedAt', 'dueDate', 'priority', 'title'].flatMap((field) => [field, `-${field}`]);
