import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type PlanNode, listQueryOf as listQueryFor, nodesOf, planOf as planFor, planShape } from './support/query-plans.js';

let t: TestApp;
let calendarId: string;
let templateId: string;

beforeAll(async () => {
  t = await startTestApp();
  const calendar = await t.request('POST', '/calendars', { body: { code: `X-${randomUUID().slice(0, 6)}`, name: 'Plain week' } });
  calendarId = calendar.body.id;
  const template = await t.request('POST', '/process-templates', {
    body: {
      name: 'Release',
      steps: [
        { key: 'freeze', name: 'Code freeze', durationDays: 1 },
        { key: 'qa', name: 'QA: full regression', durationDays: 3, dependsOn: ['freeze'] },
        { key: 'ship', name: 'Ship', durationDays: 1, dependsOn: ['qa'] },
      ],
    },
  });
  templateId = template.body.id;
});
afterAll(async () => {
  await t?.close();
});

const caseBody = (title = 'Release 1.0') => ({ templateId, calendarId, title, goalDate: '2026-12-18' });

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and creates once', async () => {
    const key = randomUUID();
    const first = await t.request('POST', '/cases', { body: caseBody(), headers: { 'idempotency-key': key } });
    const second = await t.request('POST', '/cases', { body: caseBody(), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const listed = await t.request('GET', `/cases?templateId=${templateId}&limit=100`);
    expect(listed.body.items.filter((c: { id: string }) => c.id === first.body.id)).toHaveLength(1);
  });

  it('refuses the same key with another body', async () => {
    const key = randomUUID();
    await t.request('POST', '/tasks', { body: { title: 'One' }, headers: { 'idempotency-key': key } });
    const reused = await t.request('POST', '/tasks', { body: { title: 'Two' }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(409);
    expect(reused.body.type).toBe('urn:process-todo:problem:idempotency-key-reused');
  });

  it('creates exactly once under concurrent retries', async () => {
    const key = randomUUID();
    const title = `concurrent ${key}`;
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => t.request('POST', '/tasks', { body: { title }, headers: { 'idempotency-key': key } })),
    );
    for (const r of responses) expect([201, 409]).toContain(r.status);
    for (const r of responses.filter((response) => response.status === 409)) {
      expect(r.body.type).toBe('urn:process-todo:problem:idempotent-request-in-progress');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const found = await t.request('GET', `/tasks?q=${encodeURIComponent(title)}`);
    expect(found.body.items).toHaveLength(1);
  });

  it('does not keep a failed request, so it can be retried', async () => {
    const key = randomUUID();
    const failed = await t.request('POST', '/cases', { body: { ...caseBody(), calendarId: randomUUID() }, headers: { 'idempotency-key': key } });
    expect(failed.status).toBe(404);
    const retried = await t.request('POST', '/cases', { body: caseBody(), headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const response = await t.request('POST', '/tasks', { body: { title: 'x' }, headers: { 'idempotency-key': 'x'.repeat(256) } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
  });
});

describe('exports', () => {
  it('serves the plan as iCalendar, one all-day event per step on its due date', async () => {
    const created = (await t.request('POST', '/cases', { body: caseBody() })).body;
    const response = await t.request('GET', `/cases/${created.id}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const events = response.body.split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(3);
    expect(response.body).toContain('DTSTART;VALUE=DATE:20261218');
    expect(response.body).toContain(`UID:${created.id}.ship@process-todo`);
    expect(response.body).toMatch(/SUMMARY:Ship \(Release 1\.0\)/);
  });

  it('serves a Mermaid gantt chart with the critical path marked', async () => {
    const created = (await t.request('POST', '/cases', { body: caseBody('Release: 2.0') })).body;
    const response = await t.request('GET', `/cases/${created.id}/gantt`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(
      [
        'gantt',
        '  title Release  2.0',
        '  dateFormat YYYY-MM-DD',
        '  axisFormat %Y-%m-%d',
        '  excludes weekends',
        '  section Steps',
        '  Code freeze :crit, freeze, 2026-12-14, 2026-12-15',
        '  QA  full regression :crit, qa, 2026-12-15, 2026-12-18',
        '  Ship :crit, ship, 2026-12-18, 2026-12-19',
        '  section Goal',
        '  Goal 2026-12-18 :milestone, goal, 2026-12-19, 0d',
        '',
      ].join('\n'),
    );
    // A holiday of the case's calendar within the plan is excluded too (one outside it is not).
    const withHoliday = await t.request('POST', '/calendars', {
      body: { code: `H-${randomUUID().slice(0, 6)}`, name: 'With a holiday', holidays: [{ date: '2026-12-16', name: 'Founders' }, { date: '2027-06-01', name: 'Later' }] },
    });
    const planned = (await t.request('POST', '/cases', { body: { ...caseBody('Holiday'), calendarId: withHoliday.body.id } })).body;
    expect((await t.request('GET', `/cases/${planned.id}/gantt`)).body).toContain('\n  excludes weekends, 2026-12-16\n');
    expect((await t.request('GET', `/cases/${randomUUID()}/gantt`)).status).toBe(404);
  });
});

describe('GET /me/work', () => {
  it("merges one person's open tasks and case steps, soonest due first", async () => {
    const me = (await t.newUser()).id;
    const created = (
      await t.request('POST', '/cases', { body: { ...caseBody('Release 3.0'), assignees: { qa: me, ship: me } } })
    ).body;
    const early = (await t.request('POST', '/tasks', { body: { title: 'Early', assigneeId: me, dueDate: '2026-12-01' } })).body;
    const undated = (await t.request('POST', '/tasks', { body: { title: 'Someday', assigneeId: me } })).body;
    const done = (await t.request('POST', '/tasks', { body: { title: 'Done', assigneeId: me, dueDate: '2026-11-30' } })).body;
    await t.request('PATCH', `/tasks/${done.id}`, { body: { status: 'in_progress' } });
    await t.request('PATCH', `/tasks/${done.id}`, { body: { status: 'done' } });

    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.request('GET', `/me/work?assigneeId=${me}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(items.map((i) => [i.kind, i.id, i.due])).toEqual([
      ['task', early.id, '2026-12-01'],
      ['case_step', `${created.id}:qa`, '2026-12-17'],
      ['case_step', `${created.id}:ship`, '2026-12-18'],
      ['task', undated.id, null],
    ]);
    expect(items[1]).toMatchObject({ caseId: created.id, caseTitle: 'Release 3.0', stepKey: 'qa', status: 'todo' });

    const soon = await t.request('GET', `/me/work?assigneeId=${me}&dueBefore=2026-12-18`);
    expect(soon.body.items.map((i: { id: string }) => i.id)).toEqual([early.id, `${created.id}:qa`]);
    // Without assigneeId: the signed-in user's own work (the admin has none here).
    const own = await t.request('GET', '/me/work');
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
  });
});

describe('GET /me/work, page by page', () => {
  /** Every item of `query`, walked `limit` at a time. */
  async function walk(query: string, limit: number): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.request('GET', `/me/work?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('walks both sources in one order whatever the page size: ties by key, undated last, closed work left out', async () => {
    const me = (await t.newUser()).id;
    const assignees = { freeze: me, qa: me, ship: me };
    const first = (await t.request('POST', '/cases', { body: { ...caseBody('Release 4.0'), assignees } })).body;
    const second = (await t.request('POST', '/cases', { body: { ...caseBody('Release 4.1'), goalDate: '2027-01-15', assignees } })).body;
    const cancelled = (await t.request('POST', '/cases', { body: { ...caseBody('Release 4.2'), assignees } })).body;
    await t.request('PATCH', `/cases/${cancelled.id}`, { body: { status: 'cancelled' } });
    await t.request('PATCH', `/cases/${first.id}/steps/freeze`, { body: { status: 'done' } });
    const dueOf = (c: any, key: string) => c.steps.find((step: { key: string }) => step.key === key).due;
    const tasks = [];
    // Tasks due on a step's day (ties across the sources), twice on one day, and undated ones.
    for (const dueDate of [dueOf(first, 'qa'), dueOf(first, 'qa'), dueOf(second, 'ship'), '2026-11-02', null, null]) {
      tasks.push((await t.request('POST', '/tasks', { body: { title: `for ${dueDate}`, assigneeId: me, dueDate } })).body);
    }
    const closed = (await t.request('POST', '/tasks', { body: { title: 'Dropped', assigneeId: me, dueDate: '2026-11-01' } })).body;
    await t.request('PATCH', `/tasks/${closed.id}`, { body: { status: 'cancelled' } });

    const expected = [
      ...tasks.map((task) => ({ id: task.id, due: task.dueDate })),
      ...[first, second].flatMap((c) =>
        ['freeze', 'qa', 'ship'].filter((key) => c !== first || key !== 'freeze').map((key) => ({ id: `${c.id}:${key}`, due: dueOf(c, key) })),
      ),
    ].sort((a, b) => ((a.due ?? '9999') < (b.due ?? '9999') ? -1 : (a.due ?? '9999') > (b.due ?? '9999') ? 1 : a.id < b.id ? -1 : 1));
    for (const limit of [1, 2, 3, 100]) {
      const items = await walk(`assigneeId=${me}`, limit);
      expect(items.map((item) => ({ id: item.id, due: item.due })), `pages of ${limit}`).toEqual(expected);
    }
    const before = expected.filter((item) => item.due !== null && item.due < dueOf(second, 'ship'));
    for (const limit of [1, 2]) {
      const items = await walk(`assigneeId=${me}&dueBefore=${dueOf(second, 'ship')}`, limit);
      expect(items.map((item) => ({ id: item.id, due: item.due })), `dueBefore, pages of ${limit}`).toEqual(before);
    }
  });
});

describe('list query plans', () => {
  const sorts = (node: PlanNode) => nodesOf(node).filter((n) => /Sort/.test(n['Node Type']));
  const shape = planShape;
  const planOf = (query: { sql: string; params: unknown[] }) => planFor(t, query);
  const listQueryOf = (path: string) => listQueryFor(t, path);

  /** The first page of `path` (limit 1) and the one after it. */
  async function bothPages(path: string): Promise<string[]> {
    const first = await t.request('GET', `${path}&limit=1`);
    expect(first.body.nextCursor, path).toBeTruthy();
    return [`${path}&limit=1`, `${path}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`];
  }

  it('/me/work reads each source in order from its index: the only sort merges the two pages', async () => {
    const me = (await t.newUser()).id;
    await t.request('POST', '/cases', { body: { ...caseBody('Release 5.0'), assignees: { qa: me, ship: me } } });
    await t.request('POST', '/tasks', { body: { title: 'Dated', assigneeId: me, dueDate: '2026-12-01' } });
    await t.request('POST', '/tasks', { body: { title: 'Undated', assigneeId: me } });
    for (const query of [`assigneeId=${me}`, `assigneeId=${me}&dueBefore=2027-01-01`]) {
      for (const path of await bothPages(`/me/work?${query}`)) {
        const plan = await planOf(await listQueryOf(path));
        const appends = nodesOf(plan).filter((n) => n['Node Type'] === 'Append');
        expect(appends, shape(plan)).toHaveLength(1);
        expect(appends[0]!.Plans, shape(plan)).toHaveLength(2);
        expect(sorts(appends[0]!), `${path}: ${shape(plan)}`).toEqual([]);
        // Each source from its index of one person's open items, the person a condition of it.
        for (const branch of appends[0]!.Plans!) {
          expect(nodesOf(branch).some((n) => /assignee_id/.test(n['Index Cond'] ?? '')), shape(plan)).toBe(true);
        }
      }
    }
  });

  it('case lists read every order from an index, alone or for one template', async () => {
    const person = (await t.newUser()).id;
    for (const goalDate of ['2027-02-01', '2027-02-02']) {
      await t.request('POST', '/cases', { body: { ...caseBody(), goalDate, assignees: { qa: person } } });
    }
    // Each query, and the column its index must take as a condition (not a filter) beside the order.
    const queries: [string, RegExp | null][] = [
      ['sort=-createdAt', null],
      ['sort=createdAt', null],
      ['sort=goalDate', null],
      ['sort=-goalDate', null],
      [`sort=-createdAt&templateId=${templateId}`, /template_id/],
      [`sort=createdAt&templateId=${templateId}`, /template_id/],
    ];
    for (const [query, condition] of queries) {
      for (const path of await bothPages(`/cases?${query}`)) {
        const plan = await planOf(await listQueryOf(path));
        expect(sorts(plan), `${path}: ${shape(plan)}`).toEqual([]);
        if (condition) expect(nodesOf(plan).some((n) => condition.test(n['Index Cond'] ?? '')), `${path}: ${shape(plan)}`).toBe(true);
      }
    }
  });
});
