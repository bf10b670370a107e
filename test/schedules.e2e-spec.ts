import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleRunner, minuteOf } from '../src/platform/scheduling/schedule-runner.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const databaseUrl = process.env.DATABASE_URL;

describe('the schedule runner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records each run (status, items, duration) and lists every job at GET /admin/schedules', async () => {
    const runner = t.app.get(ScheduleRunner);
    runner.register({ name: 'test-counting', cron: '0 0 1 1 *', run: async () => ({ items: 7 }) });
    runner.register({ name: 'test-failing', cron: '0 0 1 1 *', run: async () => Promise.reject(new Error('disk full')) });
    const tick = minuteOf(new Date('2026-06-01T04:00:30Z'));
    expect(await runner.runTick('test-counting', tick)).toEqual({ ran: true, status: 'succeeded', items: 7 });
    expect(await runner.runTick('test-failing', tick)).toMatchObject({ ran: true, status: 'failed', error: 'disk full' });
    // The same tick again is already claimed.
    expect(await runner.runTick('test-counting', tick)).toEqual({ ran: false, reason: 'claimed' });

    const listed = await t.request('GET', '/admin/schedules');
    expect(listed.status).toBe(200);
    const byName = Object.fromEntries(listed.body.map((job: { name: string }) => [job.name, job]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['purge-idempotency-keys', 'purge-expired-sessions', 'test-counting']));
    expect(byName['purge-idempotency-keys']).toMatchObject({ cron: '15 3 * * *', nextRun: expect.stringMatching(/T03:15:00\.000Z$/), lastRun: null });
    expect(byName['test-counting'].lastRun).toMatchObject({ status: 'succeeded', items: 7, scheduledAt: '2026-06-01T04:00:00.000Z' });
    expect(byName['test-failing'].lastRun).toMatchObject({ status: 'failed', error: 'disk full', items: null });
  });

  it('runs the real purge jobs', async () => {
    const runner = t.app.get(ScheduleRunner);
    const outcome = await runner.runTick('purge-idempotency-keys', minuteOf(new Date()));
    expect(outcome).toMatchObject({ ran: true, status: 'succeeded' });
  });

  it('is for admins only', async () => {
    expect((await t.request('GET', '/admin/schedules', { anonymous: true })).status).toBe(401);
  });
});

describe.skipIf(!databaseUrl)('two replicas on one database (needs DATABASE_URL)', () => {
  let first: TestApp;
  let second: TestApp;
  let databaseOfFirst: string;
  beforeAll(async () => {
    first = await startTestApp({}, { databaseUrl: (url) => (databaseOfFirst = url) });
    second = await startTestApp({}, { databaseUrl: () => databaseOfFirst });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('run one tick once: the other replica skips it, locked or already claimed', async () => {
    let runs = 0;
    const job = {
      name: 'test-race',
      cron: '0 0 1 1 *',
      run: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { items: 1 };
      },
    };
    first.app.get(ScheduleRunner).register(job);
    second.app.get(ScheduleRunner).register(job);
    const tick = minuteOf(new Date('2026-07-01T04:00:00Z'));
    const outcomes = await Promise.all([
      first.app.get(ScheduleRunner).runTick('test-race', tick),
      second.app.get(ScheduleRunner).runTick('test-race', tick),
    ]);
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ran)).toMatchObject({ reason: expect.stringMatching(/^(locked|claimed)$/) });
    // Later, when the lock is free again, the claim alone keeps the tick from running twice.
    expect(await second.app.get(ScheduleRunner).runTick('test-race', tick)).toEqual({ ran: false, reason: 'claimed' });
    expect(runs).toBe(1);
  });
});
