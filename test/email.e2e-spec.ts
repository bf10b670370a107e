import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource } from 'typeorm';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Assigning a task sends the assignee an e-mail (SPEC-JOB-1), through the outbox, the job
 * queue (Bull with REDIS_URL, in-process otherwise) and the retrying HTTP client, to an
 * e-mail service the test runs on loopback.
 */
describe('the task-assigned e-mail', () => {
  let t: TestApp;
  let mail: LoopbackReceiver;
  beforeAll(async () => {
    // Down twice, then up: the client's own retries carry the message through.
    mail = await LoopbackReceiver.start((index) => (index < 2 ? { status: 503 } : { status: 202, body: { queued: true } }));
    t = await startTestApp({ EMAIL_API_URL: `${mail.url}/v1/messages`, EMAIL_FROM: 'Process Todo <todo@test.local>', RETRY_WAIT_SECONDS: '0.05' });
  });
  afterAll(async () => {
    await t?.close();
    await mail?.close();
  });

  it('reaches the assignee once, retried with growing gaps under one idempotency key, with the trace of the request', async () => {
    const assignee = await t.newUser();
    const created = await t.request('POST', '/tasks', { body: { title: 'Prepare the audit', assigneeId: assignee.id } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await vi.waitFor(() => expect(mail.requests).toHaveLength(3), { timeout: 15_000, interval: 50 });
    const [message] = await t.app.get(DataSource).query(`SELECT id FROM outbox_messages WHERE kind = 'send-email' AND data->>'taskId' = $1`, [created.body.id]);
    for (const request of mail.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/v1/messages');
      expect(request.headers['idempotency-key']).toBe(message.id);
      expect(request.headers['x-request-id']).toBe(created.headers.get('x-request-id'));
      expect(JSON.parse(request.body)).toEqual({
        from: 'Process Todo <todo@test.local>',
        to: assignee.email,
        subject: 'Assigned to you: Prepare the audit',
        text: expect.stringContaining('"Prepare the audit"'),
      });
    }
    const [first, second] = mail.gaps();
    expect(second!).toBeGreaterThan(first!);
    await vi.waitFor(async () => {
      const [row] = await t.app.get(DataSource).query('SELECT dispatched_at FROM outbox_messages WHERE id = $1', [message.id]);
      expect(row.dispatched_at).not.toBeNull();
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.requests).toHaveLength(3);
  });

  it('goes to a new assignee when the task changes hands, and to nobody when only its title changes', async () => {
    const before = mail.requests.length;
    const task = (await t.request('POST', '/tasks', { body: { title: 'Unassigned' } })).body;
    const assignee = await t.newUser();
    const assigned = await t.request('PATCH', `/tasks/${task.id}`, { body: { assigneeId: assignee.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    await vi.waitFor(() => expect(mail.requests.length).toBe(before + 1), { timeout: 10_000, interval: 50 });
    expect(JSON.parse(mail.requests.at(-1)!.body).to).toBe(assignee.email);

    expect((await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Renamed' } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(mail.requests.length).toBe(before + 1);
  });
});

describe('without EMAIL_API_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs the e-mail instead and counts it delivered', async () => {
    const assignee = await t.newUser();
    const created = await t.request('POST', '/tasks', { body: { title: 'Logged only', assigneeId: assignee.id } });
    expect(created.status).toBe(201);
    await vi.waitFor(
      async () => {
        const [row] = await t.app.get(DataSource).query(`SELECT dispatched_at FROM outbox_messages WHERE data->>'taskId' = $1`, [created.body.id]);
        expect(row?.dispatched_at).toBeTruthy();
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
