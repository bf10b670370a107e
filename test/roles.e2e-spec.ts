import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { type Replica, startReplica } from './support/replica.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * APP_ROLE: an `api` process serves HTTP and writes the outbox; a `worker` runs the relay,
 * the jobs and the schedules and serves only /health and /metrics. They meet through the
 * database and Redis.
 */
describe.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)('an api process and a worker process', () => {
  let api: TestApp;
  let worker: Replica;
  let mail: LoopbackReceiver;
  beforeAll(async () => {
    const jwtSecret = randomBytes(32).toString('base64url');
    mail = await LoopbackReceiver.start(() => ({ status: 202 }));
    // Only the worker knows the e-mail service: an e-mail that arrives was sent by it.
    api = await startTestApp({ JWT_SECRET: jwtSecret, APP_ROLE: 'api' });
    worker = await startReplica(api, jwtSecret, { APP_ROLE: 'worker', EMAIL_API_URL: `${mail.url}/send` });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail?.close();
  });

  it('the worker serves its probes and metrics, and nothing of the API', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await worker.request('GET', path)).status, path).toBe(200);
    for (const [method, path] of [['GET', '/tasks'], ['POST', '/auth/login'], ['GET', '/admin/jobs'], ['GET', '/healthz']] as const) {
      const refused = await worker.request(method, path, { body: method === 'POST' ? {} : undefined });
      expect(refused.status, path).toBe(404);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(refused.body.detail).toMatch(/APP_ROLE=worker/);
    }
  });

  it('the api writes the outbox and the worker sends it', async () => {
    const assignee = await api.newUser();
    const created = await api.request('POST', '/tasks', { body: { title: 'Sent by the worker', assigneeId: assignee.id } });
    expect(created.status).toBe(201);
    await vi.waitFor(() => expect(mail.requests).toHaveLength(1), { timeout: 15_000, interval: 50 });
    expect(JSON.parse(mail.requests[0]!.body)).toMatchObject({ to: assignee.email, subject: 'Assigned to you: Sent by the worker' });
    expect(mail.requests[0]!.headers['x-request-id']).toBe(created.headers.get('x-request-id'));
  });

  it('the api runs no schedule; it still lists them', async () => {
    const crons = [...api.app.get(SchedulerRegistry).getCronJobs().values()];
    expect(crons.length).toBeGreaterThan(3);
    expect(crons.filter((cron) => cron.isActive)).toEqual([]);
    const listed = await api.request('GET', '/admin/schedules');
    expect(listed.status).toBe(200);
    expect(listed.body.length).toBe(crons.length);
  });
});
