import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoopbackReceiver, type Received } from './support/loopback-receiver.js';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const SECRET = 'a-secret-of-at-least-16';

/** What a subscriber does: recompute the signature over the raw body and compare in constant time. */
function verified(request: Received, secret = SECRET): boolean {
  const timestamp = String(request.headers['x-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  const got = String(request.headers['x-signature']);
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

const refused = (response: TestResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  expect(response.body.errors[0].field).toBe('url');
  return response.body.errors[0].message as string;
};

describe('webhooks (private networks allowed, as for a loopback receiver)', () => {
  let t: TestApp;
  let receiver: LoopbackReceiver;
  let answers: (index: number) => number;
  beforeAll(async () => {
    answers = () => 200;
    receiver = await LoopbackReceiver.start((index) => ({ status: answers(index) }));
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SECONDS: '0.05', WEBHOOK_MAX_FAILURES: '4' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const subscribe = async (events: string[], path = '/hook', token?: string) => {
    const created = await t.request('POST', '/webhooks', { body: { url: `${receiver.url}${path}`, events, secret: SECRET }, token });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };

  it('delivers a signed event, retried with growing gaps after failures, once delivered', async () => {
    const hook = await subscribe(['task.created'], '/retried');
    expect(hook).toMatchObject({ enabled: true, events: ['task.created'], consecutiveFailures: 0 });
    expect(hook).not.toHaveProperty('secret');
    const start = receiver.requests.length;
    answers = (index) => (index - start < 2 ? 500 : 204);
    const task = await t.request('POST', '/tasks', { body: { title: 'Heard by a webhook' } });
    expect(task.status).toBe(201);

    await vi.waitFor(() => expect(receiver.requests.length - start).toBe(3), { timeout: 15_000, interval: 50 });
    const attempts = receiver.requests.slice(start);
    const eventIds = new Set(attempts.map((request) => request.headers['x-event-id']));
    expect(eventIds.size).toBe(1);
    for (const request of attempts) {
      expect(request.url).toBe('/retried');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-webhook-id']).toBe(hook.id);
      expect(request.headers['x-event']).toBe('task.created');
      expect(verified(request)).toBe(true);
      expect(verified(request, 'another-secret-of-16+')).toBe(false);
      expect(request.headers['x-request-id']).toBe(task.headers.get('x-request-id'));
      expect(JSON.parse(request.body)).toEqual({
        id: request.headers['x-event-id'],
        event: 'task.created',
        occurredAt: expect.any(String),
        data: expect.objectContaining({ taskId: task.body.id, title: 'Heard by a webhook', status: 'todo' }),
      });
    }
    const at = attempts.map((request) => request.at);
    expect(at[2]! - at[1]!).toBeGreaterThan(at[1]! - at[0]!);

    await vi.waitFor(async () => {
      const log = await t.request('GET', `/webhooks/${hook.id}/deliveries`);
      expect(log.body.items).toEqual([
        expect.objectContaining({ event: 'task.created', eventId: attempts[0]!.headers['x-event-id'], status: 'delivered', attempts: 3, lastStatusCode: 204, lastError: null }),
      ]);
    });
    expect((await t.request('GET', `/webhooks/${hook.id}`)).body.consecutiveFailures).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests.length - start).toBe(3);
    expect((await t.request('DELETE', `/webhooks/${hook.id}`)).status).toBe(204);
  });

  it('sends task, case and step events to the subscriptions that name them', async () => {
    answers = () => 200;
    const hook = await subscribe(['task.assigned', 'task.completed', 'case.created', 'step.assigned', 'case.replanned', 'case.completed'], '/many');
    const other = await subscribe(['task.overdue'], '/other');
    const start = receiver.requests.length;
    const assignee = await t.newUser();
    const task = (await t.request('POST', '/tasks', { body: { title: 'Events', assigneeId: assignee.id } })).body;
    expect((await t.request('PATCH', `/tasks/${task.id}`, { body: { status: 'in_progress' } })).status).toBe(200);
    expect((await t.request('PATCH', `/tasks/${task.id}`, { body: { status: 'done' } })).status).toBe(200);
    const templateId = (await t.request('POST', '/process-templates', { body: { name: 'Hooked', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } })).body.id;
    const calendarId = (await t.request('POST', '/calendars', { body: { code: `wh-${randomUUID().slice(0, 8)}`, name: 'Hooked' } })).body.id;
    const started = await t.request('POST', '/cases', { body: { templateId, calendarId, title: 'Hooked case', goalDate: '2027-03-01', assignees: { a: assignee.id } } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const replanned = await t.request('POST', `/cases/${started.body.id}/replan/apply`, {
      body: { goalDate: '2027-03-08' },
      headers: { 'if-match': started.headers.get('etag')! },
    });
    expect(replanned.status, JSON.stringify(replanned.body)).toBe(200);
    expect((await t.request('PATCH', `/cases/${started.body.id}/steps/a`, { body: { status: 'in_progress' } })).status).toBe(200);
    expect((await t.request('PATCH', `/cases/${started.body.id}/steps/a`, { body: { status: 'done' } })).status).toBe(200);

    const expected = ['task.assigned', 'task.completed', 'case.created', 'step.assigned', 'case.replanned', 'case.completed'];
    await vi.waitFor(() => expect(receiver.requests.length - start).toBe(expected.length), { timeout: 15_000, interval: 50 });
    const heard = receiver.requests.slice(start);
    expect(heard.map((request) => request.headers['x-event']).sort()).toEqual([...expected].sort());
    expect(heard.every((request) => request.url === '/many' && verified(request))).toBe(true);
    const body = (event: string) => JSON.parse(heard.find((request) => request.headers['x-event'] === event)!.body).data;
    expect(body('task.completed')).toMatchObject({ taskId: task.id, status: 'done', assigneeId: assignee.id });
    expect(body('step.assigned')).toMatchObject({ caseId: started.body.id, stepKey: 'a', assigneeId: assignee.id });
    expect(body('case.replanned')).toMatchObject({ caseId: started.body.id, goalDate: '2027-03-08' });
    expect(body('case.completed')).toMatchObject({ caseId: started.body.id, status: 'completed' });
    expect((await t.request('GET', `/webhooks/${other.id}/deliveries`)).body.items).toEqual([]);
    for (const id of [hook.id, other.id]) expect((await t.request('DELETE', `/webhooks/${id}`)).status).toBe(204);
  });

  it('writes no message for an event nobody subscribed to', async () => {
    const task = (await t.request('POST', '/tasks', { body: { title: 'Unheard' } })).body;
    const rows = await t.app.get(DataSource).query(`SELECT id FROM outbox_messages WHERE kind = 'webhook-event' AND data->'data'->>'taskId' = $1`, [task.id]);
    expect(rows).toEqual([]);
  });

  it('disables a subscription after WEBHOOK_MAX_FAILURES failures in a row, and stops sending to it', async () => {
    const hook = await subscribe(['task.created'], '/down');
    const start = receiver.requests.length;
    answers = () => 503;
    expect((await t.request('POST', '/tasks', { body: { title: 'Nobody answers' } })).status).toBe(201);
    await vi.waitFor(
      async () => {
        const read = (await t.request('GET', `/webhooks/${hook.id}`)).body;
        expect(read).toMatchObject({ enabled: false, consecutiveFailures: 4 });
        expect(read.disabledReason).toMatch(/^4 delivery attempts in a row failed; the last: answered 503/);
      },
      { timeout: 15_000, interval: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests.length - start).toBe(4);
    const [delivery] = (await t.request('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ status: 'cancelled', attempts: 4, lastStatusCode: 503, lastError: 'answered 503' });
    // Disabled: a new event does not go to it.
    expect((await t.request('POST', '/tasks', { body: { title: 'Not sent' } })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await t.request('GET', `/webhooks/${hook.id}/deliveries`)).body.items).toHaveLength(1);
    answers = () => 200;

    // Turned back on, with a new secret: its failures are forgotten and the next event is signed with the new secret.
    const newSecret = 'the-rotated-secret-16+';
    const reenabled = await t.request('PATCH', `/webhooks/${hook.id}`, { body: { enabled: true, secret: newSecret } });
    expect(reenabled.status, JSON.stringify(reenabled.body)).toBe(200);
    expect(reenabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null });
    const before = receiver.requests.length;
    expect((await t.request('POST', '/tasks', { body: { title: 'Heard again' } })).status).toBe(201);
    await vi.waitFor(() => expect(receiver.requests.length).toBe(before + 1), { timeout: 10_000, interval: 50 });
    expect(verified(receiver.requests.at(-1)!, newSecret)).toBe(true);
    expect(verified(receiver.requests.at(-1)!)).toBe(false);
    const audit = (await t.request('GET', `/audit-logs?resourceType=webhook&resourceId=${hook.id}`)).body.items;
    expect(audit.find((entry: { action: string }) => entry.action === 'webhook.update').changes).toMatchObject({
      enabled: { before: false, after: true },
      secretRotated: { before: null, after: true },
    });
    expect(JSON.stringify(audit)).not.toContain(newSecret);
    // A change is checked like a new subscription.
    expect(refused(await t.request('PATCH', `/webhooks/${hook.id}`, { body: { url: 'http://169.254.169.254/' } }))).toMatch(/cloud-metadata/);
    expect((await t.request('PATCH', `/webhooks/${hook.id}`, { body: {} })).status).toBe(400);
    expect((await t.request('PATCH', `/webhooks/${hook.id}`, { body: { events: ['nope'] } })).status).toBe(400);
    expect((await t.request('DELETE', `/webhooks/${hook.id}`)).status).toBe(204);
  });

  it('lets admins and managers subscribe, audited, and no one else; never shows the secret', async () => {
    const member = await t.newUser('member');
    const forbidden = await t.request('POST', '/webhooks', { body: { url: `${receiver.url}/x`, events: ['task.created'], secret: SECRET }, token: member.accessToken });
    expect(forbidden.status).toBe(403);
    expect((await t.request('GET', '/webhooks', { token: member.accessToken })).status).toBe(403);
    const manager = await t.newUser('manager');
    const hook = await subscribe(['case.created'], '/managed', manager.accessToken);
    expect(hook.createdBy).toBe(manager.id);
    const listed = await t.request('GET', '/webhooks?limit=100');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(hook.id);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect((await t.request('DELETE', `/webhooks/${hook.id}`, { token: manager.accessToken })).status).toBe(204);
    expect((await t.request('GET', `/webhooks/${hook.id}`)).status).toBe(404);
    expect((await t.request('DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
    const audit = await t.request('GET', `/audit-logs?resourceType=webhook&resourceId=${hook.id}`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action).sort()).toEqual(['webhook.create', 'webhook.delete']);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  });

  it('refuses bad subscriptions with 422 or 400 problems', async () => {
    const post = (body: object) => t.request('POST', '/webhooks', { body });
    expect((await post({ url: 'ftp://example.com/x', events: ['task.created'], secret: SECRET })).status).toBe(422);
    expect((await post({ url: `${receiver.url}/x`, events: ['task.exploded'], secret: SECRET })).status).toBe(400);
    expect((await post({ url: `${receiver.url}/x`, events: [], secret: SECRET })).status).toBe(400);
    expect((await post({ url: `${receiver.url}/x`, events: ['task.created'], secret: 'short' })).status).toBe(400);
    expect(refused(await post({ url: 'http://169.254.169.254/latest/meta-data', events: ['task.created'], secret: SECRET }))).toMatch(/cloud-metadata/);
    expect(refused(await post({ url: 'http://[fd00:ec2::254]/', events: ['task.created'], secret: SECRET }))).toMatch(/cloud-metadata/);
    expect(refused(await post({ url: 'http://no-such-host.invalid/', events: ['task.created'], secret: SECRET }))).toMatch(/does not resolve/);
  });
});

describe('webhooks (private networks refused, the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a URL that resolves to a loopback, private, link-local or metadata address', async () => {
    const post = (url: string) => t.request('POST', '/webhooks', { body: { url, events: ['task.created'], secret: SECRET } });
    expect(refused(await post('http://127.0.0.1:9/x'))).toMatch(/loopback/);
    expect(refused(await post('http://localhost:9/x'))).toMatch(/loopback/);
    expect(refused(await post('http://[::1]/x'))).toMatch(/loopback/);
    expect(refused(await post('http://[::ffff:127.0.0.1]/x'))).toMatch(/loopback/);
    expect(refused(await post('http://10.1.2.3/x'))).toMatch(/private/);
    expect(refused(await post('http://192.168.0.10/x'))).toMatch(/private/);
    expect(refused(await post('http://169.254.10.10/x'))).toMatch(/linkLocal/);
    expect(refused(await post('http://0.0.0.0/x'))).toMatch(/unspecified/);
    expect(refused(await post('http://169.254.169.254/x'))).toMatch(/cloud-metadata/);
    expect((await t.request('GET', '/webhooks')).body.items).toEqual([]);
  });
});
