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
