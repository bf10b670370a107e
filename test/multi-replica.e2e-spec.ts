import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, createSharedStore, type SharedStore, signInAt, startAppProcess } from './support/app-process.js';
import { eventually } from './support/eventually.js';
import { startLoad } from './support/load.js';
import { LoadBalancer } from './support/load-balancer.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';

const JWT_SECRET = 'multi-replica-test-secret-0123456789abcdef';
const RATE = 20;
const BURST = 20;
const LOGINS_PER_MINUTE = 10;
/** OUTBOX_PURGE_CRON every minute, on the worker only: the schedule whose ticks are counted. */
const EVERY_MINUTE = '* * * * *';

interface Answer {
  status: number;
  body: any;
}

/**
 * A request on a connection of its own (no keep-alive), so that the load balancer hands each
 * to the next backend.
 */
function send(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${baseUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
        },
      },
      (response) => {
        let data = '';
        response.on('data', (chunk: Buffer) => (data += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body: data && /json/.test(response.headers['content-type'] ?? '') ? JSON.parse(data) : data }));
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

describe.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)('three api processes and one worker on one PostgreSQL and one Redis', () => {
  let store: SharedStore;
  let worker: AppProcess;
  let apis: AppProcess[];
  let balancer: LoadBalancer;
  let receiver: LoopbackReceiver;
  let db: pg.Client;
  let token: string;
  let upAt: number;

  beforeAll(async () => {
    store = await createSharedStore();
    receiver = await LoopbackReceiver.start(() => ({ status: 204 }));
    const env = {
      ...store.env,
      JWT_SECRET,
      RATE_LIMIT_PER_SECOND: String(RATE),
      RATE_LIMIT_BURST: String(BURST),
      RATE_LIMIT_LOGIN_PER_MINUTE: String(LOGINS_PER_MINUTE),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      SHUTDOWN_DELAY_MS: '1000',
      OUTBOX_PURGE_CRON: EVERY_MINUTE,
    };
    // As the deployment does: the migrations once (here by the worker), then the api processes.
    worker = await startAppProcess({ ...env, APP_ROLE: 'worker' });
    apis = await Promise.all([1, 2, 3].map(() => startAppProcess({ ...env, APP_ROLE: 'api', MIGRATIONS_RUN: 'false' })));
    upAt = Date.now();
    balancer = await LoadBalancer.start(apis.map((api) => api.baseUrl));
    token = await signInAt(balancer.baseUrl);
    db = new pg.Client({ connectionString: store.env.DATABASE_URL });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await balancer?.close();
    await Promise.all([...(apis ?? []), worker].filter(Boolean).map((app) => app.stop()));
    await receiver?.close();
    await store?.drop();
  }, 60_000);

  it('the worker serves its probes and metrics only; the api processes serve the API', async () => {
    expect((await send(worker.baseUrl, 'GET', '/health/live')).status).toBe(200);
    expect((await send(worker.baseUrl, 'GET', '/tasks', token)).status).toBe(404);
    for (const api of apis) expect((await send(api.baseUrl, 'GET', '/tasks?limit=1', token)).status).toBe(200);
  });

  let created: string[] = [];

  it('spreads requests over the three, and delivers every notification once, from the worker', async () => {
    const hook = await send(balancer.baseUrl, 'POST', '/webhooks', token, {
      url: receiver.url,
      events: ['task.created'],
      secret: 'a webhook secret of enough length',
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const before = new Map(balancer.connections);
    for (let i = 0; i < 15; i++) {
      const task = await send(balancer.baseUrl, 'POST', '/tasks', token, { title: `spread ${i}` });
      expect(task.status, JSON.stringify(task.body)).toBe(201);
      created.push(task.body.id);
    }
    for (const api of apis) expect((balancer.connections.get(api.baseUrl) ?? 0) - (before.get(api.baseUrl) ?? 0)).toBe(5);

    const deliveredIds = () => receiver.requests.map((request) => JSON.parse(request.body).data.taskId as string);
    await eventually(async () => receiver.requests.length, (count) => count >= created.length, { timeoutMs: 20_000 });
    // Time for a duplicate to arrive, were the relay or the queue to send one twice.
    await sleep(1_500);
    expect(deliveredIds().sort()).toEqual([...created].sort());
    expect(new Set(receiver.requests.map((request) => request.headers['x-event-id'])).size).toBe(created.length);
  });

  it('a cache invalidation made through one api process is seen through the others at once', async () => {
    const [a, b, c] = apis.map((api) => api.baseUrl) as [string, string, string];
    const calendar = await send(a, 'POST', '/calendars', token, { code: `mr-${randomUUID().slice(0, 8)}`, name: 'Shared' });
    expect(calendar.status).toBe(201);
    const firstWeek = async (baseUrl: string) => (await send(baseUrl, 'GET', `/calendars/${calendar.body.id}/working-days?from=2026-01-01&to=2026-01-07`, token)).body.days as string[];
    const before = await firstWeek(b);
    expect(await firstWeek(c)).toEqual(before);
    expect(before).toContain('2026-01-02');
    expect((await send(a, 'POST', `/calendars/${calendar.body.id}/holidays`, token, { holidays: [{ date: '2026-01-02' }] })).status).toBeLessThan(300);
    const after = before.filter((day) => day !== '2026-01-02');
    expect(await firstWeek(b)).toEqual(after);
    expect(await firstWeek(c)).toEqual(after);
  });

  it('shares the rate limit: one user gets rate + burst in all, not per process', async () => {
    const user = await send(balancer.baseUrl, 'POST', '/users', token, { email: `limited-${randomUUID().slice(0, 8)}@test.local`, name: 'Limited', password: 'a long enough password', role: 'viewer' });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const userToken = await signInAt(apis[0]!.baseUrl, user.body.email, 'a long enough password');
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 90 }, () => send(balancer.baseUrl, 'GET', '/tasks?limit=1', userToken)));
    const seconds = (performance.now() - started) / 1000;
    const ok = answers.filter((answer) => answer.status === 200).length;
    expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
    // Per process it would be 3 x (rate + burst) = 120 >= 90: all would pass.
    expect(ok).toBeLessThanOrEqual(RATE + BURST + Math.ceil(seconds * RATE) + 1);
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThan(0);
  });

  it('stopping one api process under load loses no accepted request', async () => {
    let n = 0;
    const load = startLoad({
      url: balancer.baseUrl,
      token,
      connections: 10,
      requests: [
        {
          method: 'POST',
          path: '/tasks',
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ title: `while one stops ${n++}` }) }),
        },
      ],
    });
    await sleep(1_500);
    const exit = await apis[0]!.stop('SIGTERM');
    await sleep(1_000);
    await load.stop();
    const { answers, errors } = load;

    expect(exit, apis[0]!.output().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(errors).toEqual([]);
    const ids: string[] = [];
    for (const answer of answers) {
      // 429: the admin's shared rate limit; 503: a request the stopping process answered while closing.
      expect([201, 429, 503], answer.body).toContain(answer.status);
      if (answer.status === 201) ids.push(JSON.parse(answer.body).id);
    }
    expect(ids.length).toBeGreaterThan(0);
    const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows[0]!.count).toBe(ids.length);
    created = [...created, ...ids];
  });

  it('runs each schedule tick once, on the worker', async () => {
    const everyMinute = { name: 'purge-outbox-messages' };
    // Wait for a tick after all four were up.
    const runs = await eventually(
      async () =>
        (
          await db.query<{ scheduled_at: Date; runs: number; instances: string[] }>(
            `SELECT scheduled_at, count(*)::int AS runs, array_agg(instance) AS instances FROM schedule_runs
             WHERE job = $1 AND scheduled_at > $2 GROUP BY scheduled_at`,
            [everyMinute!.name, new Date(upAt)],
          )
        ).rows,
      (rows) => rows.length > 0,
      { timeoutMs: 75_000, intervalMs: 1_000 },
    );
    for (const run of runs) {
      expect(run.runs).toBe(1);
      expect(run.instances[0]).toMatch(new RegExp(`:${worker.child.pid}$`));
    }
  }, 90_000);

  it('shares the sign-in limit: failed sign-ins through all three count together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOGINS_PER_MINUTE + 2 && !statuses.includes(429); i++) {
      statuses.push((await send(balancer.baseUrl, 'POST', '/auth/login', undefined, { email: 'nobody@test.local', password: `guess ${i}` })).status);
    }
    // Per process, 12 attempts would be 4 each, under the 10 a minute of each.
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status !== 429).every((status) => status === 401)).toBe(true);
  });
});
