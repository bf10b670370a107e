import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/eventually.js';
import { type Replica, startReplica } from './support/replica.js';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

/**
 * The read cache (SPEC-CACHE) is shared by the replicas in Redis, so that a change made through
 * one is seen at once through every other (it used to wait out the TTL: 24 h for holidays),
 * and a Redis that is down only sends reads to the database.
 */
/** What the tests send requests through: the test's own app or a replica in another process. */
interface Client {
  request(method: string, path: string, options?: { body?: unknown }): Promise<TestResponse>;
}

async function newCalendar(t: Client): Promise<string> {
  const response = await t.request('POST', '/calendars', { body: { code: `rc-${randomUUID().slice(0, 8)}`, name: 'Cached' } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

/** The working days of the first week of 2026 (Thursday 1 to Wednesday 7) as `t` plans them. */
async function firstWeek(t: Client, id: string): Promise<string[]> {
  const response = await t.request('GET', `/calendars/${id}/working-days?from=2026-01-01&to=2026-01-07`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.days;
}

async function addHoliday(t: Client, id: string, date: string): Promise<void> {
  const response = await t.request('POST', `/calendars/${id}/holidays`, { body: { holidays: [{ date }] } });
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
}

describe.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)('two replicas on one database and one Redis', () => {
  let a: TestApp;
  let b: Replica;
  beforeAll(async () => {
    const jwtSecret = randomBytes(32).toString('base64url');
    a = await startTestApp({ JWT_SECRET: jwtSecret });
    b = await startReplica(a, jwtSecret);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a holiday added through one is in the plans of the other at once, though the other had the calendar cached', async () => {
    const id = await newCalendar(a);
    const before = await firstWeek(b, id);
    expect(before).toContain('2026-01-02');
    expect(await firstWeek(b, id)).toEqual(before);

    await addHoliday(a, id, '2026-01-02');
    const after = await firstWeek(b, id);
    expect(after).toEqual(before.filter((day) => day !== '2026-01-02'));
    // And the other way round.
    await addHoliday(b, id, '2026-01-05');
    expect(await firstWeek(a, id)).toEqual(after.filter((day) => day !== '2026-01-05'));
  });

  it('a case changed through one is read changed through the other at once, though the other had it cached', async () => {
    const templateId = (await a.request('POST', '/process-templates', { body: { name: 'Cached case', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } })).body.id;
    const calendarId = await newCalendar(a);
    const started = await a.request('POST', '/cases', { body: { templateId, calendarId, title: 'Before', goalDate: '2027-03-01' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    expect((await b.request('GET', `/cases/${id}`)).body).toMatchObject({ title: 'Before', version: 1 });
    expect((await b.request('GET', `/cases/${id}`)).body).toMatchObject({ title: 'Before', version: 1 });

    expect((await a.request('PATCH', `/cases/${id}`, { body: { title: 'After' } })).status).toBe(200);
    expect((await b.request('GET', `/cases/${id}`)).body).toMatchObject({ title: 'After', version: 2 });
    expect((await b.request('PATCH', `/cases/${id}/steps/a`, { body: { status: 'in_progress' } })).status).toBe(200);
    const read = (await a.request('GET', `/cases/${id}`)).body;
    expect(read).toMatchObject({ status: 'in_progress', version: 3 });
    expect(read.steps[0]).toMatchObject({ key: 'a', status: 'in_progress' });
    expect(read.createdAt).toBe(started.body.createdAt);
  });

  it('a search may lag a change by up to CACHE_SEARCH_TTL_SECONDS; a plain list never does', async () => {
    const word = `lag${randomUUID().slice(0, 8)}`;
    expect((await b.request('GET', `/tasks?q=${word}`)).body.items).toEqual([]);
    const created = await a.request('POST', '/tasks', { body: { title: `Find ${word}` } });
    expect(created.status).toBe(201);
    // Cached for a minute on every replica (one Redis), as SPEC-CACHE allows search results.
    expect((await b.request('GET', `/tasks?q=${word}`)).body.items).toEqual([]);
    expect((await a.request('GET', `/tasks?q=${word}`)).body.items).toEqual([]);
    // Another search, or the list itself, is read fresh.
    expect((await b.request('GET', `/tasks?q=${word}&limit=5`)).body.items.map((task: { id: string }) => task.id)).toEqual([created.body.id]);
    const listed = (await b.request('GET', `/tasks?limit=100&sort=-createdAt`)).body.items;
    expect(listed.map((task: { id: string }) => task.id)).toContain(created.body.id);
    expect(listed.find((task: { id: string }) => task.id === created.body.id).createdAt).toBe(created.body.createdAt);
  });
});

describe('with Redis down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads go to the database and changes are seen, never an error', async () => {
    const id = await newCalendar(t);
    expect(await firstWeek(t, id)).toContain('2026-01-02');
    await addHoliday(t, id, '2026-01-02');
    expect(await firstWeek(t, id)).not.toContain('2026-01-02');
  });
});

describe('one app, on whichever cache it has', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a cached search with its times intact, and a case read after its change changed', async () => {
    const word = `one${randomUUID().slice(0, 8)}`;
    const created = (await t.request('POST', '/tasks', { body: { title: `Find ${word}` } })).body;
    const first = await t.request('GET', `/tasks?q=${word}`);
    expect(first.body.items.map((task: { id: string }) => task.id)).toEqual([created.id]);
    expect((await t.request('PATCH', `/tasks/${created.id}`, { body: { title: `Renamed ${word}` } })).status).toBe(200);
    const cached = await t.request('GET', `/tasks?q=${word}`);
    expect(cached.body).toEqual(first.body);
    expect(cached.body.items[0].createdAt).toBe(created.createdAt);

    const templateId = (await t.request('POST', '/process-templates', { body: { name: 'One', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } })).body.id;
    const calendarId = await newCalendar(t);
    const started = (await t.request('POST', '/cases', { body: { templateId, calendarId, title: 'Before', goalDate: '2027-03-01' } })).body;
    expect((await t.request('GET', `/cases/${started.id}`)).body).toMatchObject({ title: 'Before', createdAt: started.createdAt });
    expect((await t.request('PATCH', `/cases/${started.id}`, { body: { title: 'After' } })).status).toBe(200);
    const read = await t.request('GET', `/cases/${started.id}`);
    expect(read.body).toMatchObject({ title: 'After', version: 2, createdAt: started.createdAt });
    expect(read.headers.get('etag')).toBe('"2"');
  });
});
