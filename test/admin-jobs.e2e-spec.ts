import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SendEmailJob } from '../src/modules/notifications/application/send-email.job.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** An e-mail service that answers 500 (with a secret in its body) until the test heals it. */
async function flakyMail() {
  const state = { healthy: false };
  const receiver = await LoopbackReceiver.start(() =>
    state.healthy ? { status: 202, body: { queued: true } } : { status: 500, body: { error: 'down', token: 'sk_live_never_shown' } },
  );
  return { state, receiver };
}

/** One request per job attempt (no client retries, no breaker), and a send-email job that gives up after 2 runs, 50 ms apart. */
const ENV = { MAX_RETRY_ATTEMPTS: '0', CIRCUIT_BREAKER_THRESHOLD: '1000', EMAIL_FROM: 'Todo <todo@test.local>' };
function shortenEmailRetries(t: TestApp): void {
  // The kind's 5 runs a minute apart and more would keep a failed job minutes away.
  Object.assign(t.app.get(SendEmailJob), { attempts: 2, backoffMs: 50 });
}

/** Assigns a task and returns the id of its send-email job and the request's trace id. */
async function assignTask(t: TestApp): Promise<{ jobId: string; traceId: string | null }> {
  const assignee = await t.newUser();
  const created = await t.request('POST', '/tasks', { body: { title: 'Check the invoices', assigneeId: assignee.id } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const [message] = await t.app.get(DataSource).query(`SELECT id FROM outbox_messages WHERE kind = 'send-email' AND data->>'taskId' = $1`, [created.body.id]);
  return { jobId: message.id, traceId: created.headers.get('x-request-id') };
}

async function failedJob(t: TestApp, id: string) {
  return vi.waitFor(
    async () => {
      const list = await t.request('GET', '/admin/jobs?state=failed');
      expect(list.status).toBe(200);
      const job = list.body.items.find((item: { id: string }) => item.id === id);
      expect(job).toBeDefined();
      return job;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/**
 * Operators' quick actions on background jobs (SPEC-RES-3), on Bull with REDIS_URL and on
 * the in-process queue otherwise: a failed job is listed with its attempts and error, a
 * retry is a new job linked both ways that does the work again, a job can be removed; only
 * admins, and every change audited.
 */
describe('GET/POST/DELETE /admin/jobs', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof flakyMail>>;
  let member: { accessToken: string };
  let jobId: string;
  let retryId: string;

  beforeAll(async () => {
    mail = await flakyMail();
    t = await startTestApp({ ...ENV, EMAIL_API_URL: `${mail.receiver.url}/v1/messages` });
    shortenEmailRetries(t);
    member = await t.newUser();
  });
  afterAll(async () => {
    await t?.close();
    await mail?.receiver.close();
  });

  it('lists a job that ran out of attempts as failed, with its attempts, its error (no secret) and its trace', async () => {
    const assigned = await assignTask(t);
    jobId = assigned.jobId;
    const job = await failedJob(t, jobId);
    expect(job).toMatchObject({
      id: jobId,
      kind: 'send-email',
      state: 'failed',
      attemptsMade: 2,
      attemptsAllowed: 2,
      traceId: assigned.traceId,
      originalJobId: null,
      retriedAs: null,
    });
    expect(job.lastError).toMatch(/email service is unavailable: it answered with a server error/);
    expect(JSON.stringify(job)).not.toContain('sk_live_never_shown');
    expect(Date.parse(job.finishedAt)).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
    expect(mail.receiver.requests).toHaveLength(2);

    const detail = await t.request('GET', `/admin/jobs/${jobId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ ...job, data: { template: 'task-assigned', userId: expect.any(String), taskId: expect.any(String) } });
    // Nothing else is failed, and the other states answer too.
    for (const state of ['waiting', 'active', 'delayed', 'completed']) {
      const list = await t.request('GET', `/admin/jobs?state=${state}`);
      expect(list.status, state).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(jobId);
    }
  });

  it('pages the list with a cursor', async () => {
    const second = (await assignTask(t)).jobId;
    await failedJob(t, second);
    const first = await t.request('GET', '/admin/jobs?state=failed&limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].id).toBe(second);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await t.request('GET', `/admin/jobs?state=failed&limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((item: { id: string }) => item.id)).toEqual([jobId]);
  });

  it('refuses a non-admin, a bad state, an unknown job and a malformed id', async () => {
    const asMember = { token: member.accessToken };
    expect((await t.request('GET', '/admin/jobs?state=failed', asMember)).status).toBe(403);
    expect((await t.request('GET', `/admin/jobs/${jobId}`, asMember)).status).toBe(403);
    expect((await t.request('POST', `/admin/jobs/${jobId}/retry`, asMember)).status).toBe(403);
    expect((await t.request('DELETE', `/admin/jobs/${jobId}`, asMember)).status).toBe(403);
    expect((await t.request('GET', '/admin/jobs', { anonymous: true })).status).toBe(401);

    const bad = await t.request('GET', '/admin/jobs?state=broken');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'state' })]);

    const unknown = await t.request('POST', `/admin/jobs/${randomUUID()}/retry`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/job-not-found$/);
    expect((await t.request('GET', `/admin/jobs/${randomUUID()}`)).status).toBe(404);
    expect((await t.request('DELETE', '/admin/jobs/not-a-uuid')).status).toBe(400);
    expect(mail.receiver.requests.filter((r) => r.headers['idempotency-key'] === jobId)).toHaveLength(2);
  });

  it('retries a failed job as a new job, linked both ways, which sends the e-mail again under its own key', async () => {
    mail.state.healthy = true;
    const retried = await t.request('POST', `/admin/jobs/${jobId}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    retryId = retried.body.id;
    expect(retryId).not.toBe(jobId);
    expect(retried.body).toMatchObject({ kind: 'send-email', originalJobId: jobId, retriedAs: null });

    await vi.waitFor(() => expect(mail.receiver.requests.map((r) => r.headers['idempotency-key'])).toContain(retryId), { timeout: 10_000, interval: 50 });
    const sent = mail.receiver.requests.find((r) => r.headers['idempotency-key'] === retryId)!;
    expect(JSON.parse(sent.body)).toMatchObject({ subject: 'Assigned to you: Check the invoices' });

    await vi.waitFor(async () => expect((await t.request('GET', `/admin/jobs/${retryId}`)).body).toMatchObject({ state: 'completed', attemptsMade: 1, originalJobId: jobId }), {
      timeout: 10_000,
      interval: 50,
    });
    const original = await t.request('GET', `/admin/jobs/${jobId}`);
    expect(original.body).toMatchObject({ state: 'failed', retriedAs: retryId, originalJobId: null });
    const completed = await t.request('GET', '/admin/jobs?state=completed');
    expect(completed.body.items.find((item: { id: string }) => item.id === retryId)).toMatchObject({ originalJobId: jobId });
  });

  it('retries a job once, and only a failed one (409)', async () => {
    const again = await t.request('POST', `/admin/jobs/${jobId}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/job-retried-already$/);
    expect(again.body.detail).toContain(retryId);
    const notFailed = await t.request('POST', `/admin/jobs/${retryId}/retry`);
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.type).toMatch(/job-not-failed$/);
    const [{ count }] = await t.app.get(DataSource).query('SELECT count(*)::int AS count FROM outbox_messages WHERE retry_of = $1', [jobId]);
    expect(count).toBe(1);
  });

  it('removes a job from the queue (204); it is gone after', async () => {
    const removed = await t.request('DELETE', `/admin/jobs/${jobId}`);
    expect(removed.status).toBe(204);
    expect((await t.request('GET', `/admin/jobs/${jobId}`)).status).toBe(404);
    const failed = await t.request('GET', '/admin/jobs?state=failed');
    expect(failed.body.items.map((item: { id: string }) => item.id)).not.toContain(jobId);
    expect((await t.request('DELETE', `/admin/jobs/${jobId}`)).status).toBe(404);
  });

  it.runIf(!process.env.REDIS_URL)('without Redis, /admin/queues says the dashboard needs Bull and where the jobs are', async () => {
    const answer = await t.request('GET', '/admin/queues');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.detail).toMatch(/need Redis \(REDIS_URL\).*GET \/admin\/jobs/);
    expect((await t.request('GET', '/admin/queues', { token: member.accessToken })).status).toBe(403);
  });

  it('audits each retry and removal: who, which job, what it became', async () => {
    const audit = await t.request('GET', `/audit-logs?resourceType=job&resourceId=${jobId}`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const admin = (await t.request('GET', '/me')).body;
    const entries = audit.body.items.map((entry: { action: string; actorId: string; changes: unknown }) => ({
      action: entry.action,
      actorId: entry.actorId,
      changes: entry.changes,
    }));
    expect(entries).toEqual([
      { action: 'job.remove', actorId: admin.id, changes: expect.objectContaining({ state: { before: 'failed', after: null } }) },
      { action: 'job.retry', actorId: admin.id, changes: expect.objectContaining({ retriedAs: { before: null, after: retryId } }) },
    ]);
    // The refused ones left nothing.
    const all = await t.request('GET', '/audit-logs?resourceType=job');
    expect(all.body.items).toHaveLength(2);
  });
});

describe.runIf(!process.env.DATABASE_URL && !process.env.REDIS_URL)('the embedded mode, across a restart', () => {
  it('still lists a failed job, with its attempts and error, after the app restarted', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'process-todo-restart-'));
    const mail = await flakyMail();
    try {
      const env = { ...ENV, EMAIL_API_URL: `${mail.receiver.url}/v1/messages`, DATA_DIR: dataDir };
      const first = await startTestApp(env);
      shortenEmailRetries(first);
      const { jobId } = await assignTask(first);
      const before = await failedJob(first, jobId);
      await first.close();

      const second = await startTestApp(env);
      try {
        const after = await failedJob(second, jobId);
        expect(after).toEqual(before);
        expect(mail.receiver.requests).toHaveLength(2);
      } finally {
        await second.close();
      }
    } finally {
      await mail.receiver.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
