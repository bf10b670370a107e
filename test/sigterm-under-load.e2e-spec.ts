import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, createSharedStore, type SharedStore, signInAt, startAppProcess } from './support/app-process.js';
import { startLoad } from './support/load.js';
import { LoadBalancer } from './support/load-balancer.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';

const SHUTDOWN_DELAY_MS = 1_500;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const JWT_SECRET = 'sigterm-under-load-test-secret-0123456789';

let store: SharedStore;
let receiver: LoopbackReceiver;

beforeAll(async () => {
  store = await createSharedStore();
  // The webhook receiver takes its time: a delivery is the job running when SIGTERM comes.
  receiver = await LoopbackReceiver.start(() => ({ status: 204 }));
});
afterAll(async () => {
  await receiver?.close();
  await store?.drop();
});

const env = () => ({
  ...store.env,
  JWT_SECRET,
  SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
});

/** Every task id the API lists, page by page. */
async function allTaskIds(app: AppProcess, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Response = await fetch(`${app.baseUrl}/tasks?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of body.items) ids.add(item.id);
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

describe('SIGTERM under load (the real entry point, 20 keep-alive connections writing and reading)', () => {
  it('answers every request it took completely, keeps every 201, finishes the running job, and exits 0 in time', async () => {
    const app = await startAppProcess(env());
    // The clients reach it through a load balancer that follows its readiness, as a Service
    // does: during SHUTDOWN_DELAY_MS it stops sending new connections, so that none arrives
    // as the listening socket closes (the kernel would reset one it had not handed over yet).
    const balancer = await LoadBalancer.start([app.baseUrl]);
    let token = await signInAt(app.baseUrl);
    // A subscription whose delivery is under way when the signal comes.
    let slow = true;
    receiver.answer = () => (slow ? { status: 204, delayMs: 2_500 } : { status: 204 });
    const hook = await fetch(`${app.baseUrl}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['task.completed'], secret: 'a webhook secret of enough length' }),
    });
    expect(hook.status, await hook.clone().text()).toBe(201);

    let n = 0;
    const load = startLoad({
      url: balancer.baseUrl,
      token,
      connections: 20,
      requests: [
        {
          method: 'POST',
          path: '/tasks',
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ title: `written under load ${n++}` }) }),
        },
        { method: 'GET', path: '/tasks?limit=5' },
      ],
    });

    await sleep(2_000);
    // Completing a task queues its delivery, which the slow receiver holds for 2.5 s.
    const task = (await (await fetch(`${app.baseUrl}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'completed just before the signal' }),
    })).json()) as { id: string; version: number };
    let version = task.version;
    for (const status of ['in_progress', 'done']) {
      const moved = await fetch(`${app.baseUrl}/tasks/${task.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
        body: JSON.stringify({ status }),
      });
      expect(moved.status, await moved.clone().text()).toBe(200);
      version = ((await moved.json()) as { version: number }).version;
    }
    for (let i = 0; i < 100 && receiver.requests.length === 0; i++) await sleep(50);
    expect(receiver.requests, 'the delivery started before the signal').toHaveLength(1);

    const signalled = performance.now();
    const exit = await app.stop('SIGTERM');
    const tookMs = performance.now() - signalled;
    const result = await load.stop();
    const { answers, errors: requestErrors } = load;
    await balancer.close();
    slow = false;

    expect(exit, app.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // Every answer complete and correct: a task, a page, or a 503 problem to retry.
    expect(answers.length).toBeGreaterThan(100);
    const created = new Set<string>();
    for (const answer of answers) {
      expect([200, 201, 503], answer.body).toContain(answer.status);
      const body = JSON.parse(answer.body);
      if (answer.status === 201) {
        expect(body).toMatchObject({ id: expect.any(String), title: expect.stringMatching(/^written under load/) });
        created.add(body.id);
      } else if (answer.status === 200) {
        expect(Array.isArray(body.items)).toBe(true);
      } else {
        // The app's own while it closes, or the load balancer's once the app is out.
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.headers['retry-after']).toBeTruthy();
      }
    }
    // Refused connections (the port closed) are fine: nothing was sent. A reset or hang-up
    // after a request was sent is an unanswered request; so is a timeout.
    expect(requestErrors.filter((code) => code !== 'ECONNREFUSED'), JSON.stringify(requestErrors.slice(0, 20))).toEqual([]);
    expect(result.timeouts).toBe(0);

    // The delivery that was running finished: the receiver answered and nothing is resent.
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.abandoned).toBe(false);

    // Every 201 is in the database.
    const again = await startAppProcess(env());
    try {
      token = await signInAt(again.baseUrl);
      const stored = await allTaskIds(again, token);
      const missing = [...created].filter((id) => !stored.has(id));
      expect(missing, `${missing.length} of ${created.size} created tasks are missing`).toEqual([]);
    if (process.env.SIGTERM_FIGURES) console.error(JSON.stringify({ answers: answers.length, created: created.size, statuses: Object.fromEntries([200, 201, 503].map((s) => [s, answers.filter((a) => a.status === s).length])), requestErrors: requestErrors.length, exitMs: Math.round(tookMs) }));
      const deliveries = await fetch(`${again.baseUrl}/webhooks/${((await hook.json()) as { id: string }).id}/deliveries`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await deliveries.json()) as { items: { status: string }[] }).items.map((d) => d.status)).toEqual(['delivered']);
    } finally {
      await again.stop();
    }
  }, 120_000);
});
