import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInTraceContext } from '../src/platform/logging/trace-context.js';
import { JOB_QUEUE, type JobQueue } from '../src/platform/jobs/job-queue.js';
import { OUTBOX_IDLE_POLL_MS, OutboxRelay } from '../src/platform/jobs/outbox-relay.js';
import { ScheduleRunner } from '../src/platform/scheduling/schedule-runner.js';
import { JOB_KINDS, type JobKinds, type JobRun, OUTBOX, type Outbox } from '../src/shared/application/jobs.js';
import { closedPort, reachable } from './support/eventually.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A job kind of the test's own, recording every run; `failTimes` runs fail first. */
function recordingKind(name: string, failTimes = 0) {
  const runs: { data: unknown; run: JobRun }[] = [];
  return {
    runs,
    kind: {
      name,
      attempts: 3,
      backoffMs: 20,
      handle: async (data: unknown, run: JobRun) => {
        runs.push({ data, run });
        if (runs.length <= failTimes) throw new Error(`failing on purpose (${runs.length})`);
      },
    },
  };
}

async function commitMessage(t: TestApp, kind: string, data: object, traceId?: string): Promise<string> {
  const outbox = t.app.get<Outbox>(OUTBOX);
  const tx = t.app.get(TransactionHost);
  return runInTraceContext(() => tx.withTransaction(() => outbox.add(kind, data)), { traceId });
}

async function pending(t: TestApp, id: string): Promise<boolean> {
  const rows = await t.app.get(DataSource).query('SELECT dispatched_at FROM outbox_messages WHERE id = $1', [id]);
  return rows.length === 1 && rows[0].dispatched_at === null;
}

describe('the outbox and the job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs a committed message once, with its data, its id as job id and the trace id of its transaction', async () => {
    const echo = recordingKind('test-echo');
    t.app.get<JobKinds>(JOB_KINDS).register(echo.kind);
    const traceId = 'a1b2c3d4-0000-4000-8000-000000000001';
    const id = await commitMessage(t, 'test-echo', { taskId: 't-1' }, traceId);
    await vi.waitFor(() => expect(echo.runs).toHaveLength(1));
    expect(echo.runs[0]).toEqual({ data: { taskId: 't-1' }, run: { jobId: id, attempt: 1, traceId } });
    await vi.waitFor(async () => expect(await pending(t, id)).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(echo.runs).toHaveLength(1);
  });

  it('sends nothing for a transaction that rolled back, and refuses a message outside a transaction', async () => {
    const never = recordingKind('test-never');
    t.app.get<JobKinds>(JOB_KINDS).register(never.kind);
    const outbox = t.app.get<Outbox>(OUTBOX);
    await expect(
      t.app.get(TransactionHost).withTransaction(async () => {
        await outbox.add('test-never', {});
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(outbox.add('test-never', {})).rejects.toThrow(/outside a transaction/);
    await expect(commitMessage(t, 'no-such-kind', {})).rejects.toThrow(/no such job kind/);
    const [{ count }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM outbox_messages WHERE kind = 'test-never'`);
    expect(count).toBe(0);
    expect(never.runs).toHaveLength(0);
  });

  it("retries a failing job with its kind's backoff, under the same job id, until it succeeds", async () => {
    const flaky = recordingKind('test-flaky', 2);
    t.app.get<JobKinds>(JOB_KINDS).register(flaky.kind);
    const id = await commitMessage(t, 'test-flaky', { n: 1 });
    await vi.waitFor(() => expect(flaky.runs).toHaveLength(3), { timeout: 10_000, interval: 50 });
    expect(flaky.runs.map(({ run }) => [run.jobId, run.attempt])).toEqual([
      [id, 1],
      [id, 2],
      [id, 3],
    ]);
    await vi.waitFor(async () => expect(await pending(t, id)).toBe(false));
    expect((await t.app.get(OutboxRelay).backlog()).messages).toBe(0);
  });

  it('counts each job in one state: delayed between its attempts (not waiting too), then failed', async () => {
    const queue = t.app.get<JobQueue>(JOB_QUEUE);
    const before = await queue.counts();
    const stuck = { ...recordingKind('test-counted', 99).kind, attempts: 2, backoffMs: 1_500 };
    t.app.get<JobKinds>(JOB_KINDS).register(stuck);
    await commitMessage(t, 'test-counted', { n: 1 });
    await vi.waitFor(async () => expect((await queue.counts()).delayed).toBe(before.delayed + 1), { timeout: 10_000, interval: 20 });
    const between = await queue.counts();
    expect(between.waiting).toBe(before.waiting);
    expect(between.active).toBe(before.active);
    await vi.waitFor(async () => expect((await queue.counts()).failed).toBe(before.failed + 1), { timeout: 10_000, interval: 50 });
    expect(await queue.counts()).toMatchObject({ waiting: before.waiting, active: before.active, delayed: before.delayed });
  });

  it("finds a message another replica committed (no wake here) on its own poll, idle as it may be", async () => {
    const other = recordingKind('test-other-replica');
    t.app.get<JobKinds>(JOB_KINDS).register(other.kind);
    const id = randomUUID();
    await t.app.get(DataSource).query(`INSERT INTO outbox_messages (id, kind, data, created_at) VALUES ($1, 'test-other-replica', '{"n":1}', now())`, [id]);
    await vi.waitFor(() => expect(other.runs.map(({ run }) => run.jobId)).toEqual([id]), { timeout: OUTBOX_IDLE_POLL_MS + 3_000, interval: 100 });
  });

  it('purges dispatched messages past JOB_RETENTION_DAYS on its schedule, and never one still waiting', async () => {
    const db = t.app.get(DataSource);
    const kind = recordingKind('test-purge');
    t.app.get<JobKinds>(JOB_KINDS).register(kind.kind);
    const old = await commitMessage(t, 'test-purge', { n: 'old' });
    await vi.waitFor(async () => expect(await pending(t, old)).toBe(false));
    const recent = await commitMessage(t, 'test-purge', { n: 'recent' });
    await vi.waitFor(async () => expect(await pending(t, recent)).toBe(false));
    await db.query(`UPDATE outbox_messages SET dispatched_at = now() - interval '8 days' WHERE id = $1`, [old]);
    const waiting = randomUUID();
    await db.query(`INSERT INTO outbox_messages (id, kind, data, created_at, claimed_until) VALUES ($1, 'test-purge', '{}', now() - interval '30 days', now() + interval '1 hour')`, [waiting]);

    const outcome = await t.app.get(ScheduleRunner).runNow('purge-outbox-messages');
    expect(outcome).toMatchObject({ ran: true, status: 'succeeded' });
    const left = (await db.query(`SELECT id FROM outbox_messages WHERE id = ANY($1)`, [[old, recent, waiting]])).map((row: { id: string }) => row.id);
    expect(left.sort()).toEqual([recent, waiting].sort());
    await db.query('DELETE FROM outbox_messages WHERE id = $1', [waiting]);
  });
});

/** A Redis of the test's own, which it stops and starts again. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return vi.waitFor(
    async () => {
      expect(await reachable('127.0.0.1', port)).toBe(true);
      return child;
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe.runIf(process.env.REDIS_URL)('with Bull, while Redis is away', () => {
  let t: TestApp;
  let redis: ChildProcess;
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    redis = await startRedis(port);
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    redis?.kill('SIGKILL');
  });
  let receiver: LoopbackReceiver | undefined;

  it('keeps the message in the outbox, and runs it once, exactly once, when Redis is back', async () => {
    const echo = recordingKind('test-after-outage');
    t.app.get<JobKinds>(JOB_KINDS).register(echo.kind);
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));

    const id = await commitMessage(t, 'test-after-outage', { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await pending(t, id)).toBe(true);
    expect(echo.runs).toHaveLength(0);

    redis = await startRedis(port);
    await vi.waitFor(() => expect(echo.runs).toHaveLength(1), { timeout: 20_000, interval: 50 });
    await vi.waitFor(async () => expect(await pending(t, id)).toBe(false), { timeout: 10_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(echo.runs.map(({ run }) => run.jobId)).toEqual([id]);
  }, 60_000);

  it("creates a case with 201 while Redis is down; its webhook arrives once Redis is back, once per event", async () => {
    receiver = await LoopbackReceiver.start(() => ({ status: 200 }));
    const hook = await t.request('POST', '/webhooks', { body: { url: `${receiver.url}/cases`, events: ['case.created'], secret: 'outage-secret-of-16+' } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const templateId = (await t.request('POST', '/process-templates', { body: { name: 'Outage', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } })).body.id;
    const calendarId = (await t.request('POST', '/calendars', { body: { code: `out-${randomUUID().slice(0, 8)}`, name: 'Outage' } })).body.id;
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));

    const started = await t.request('POST', '/cases', { body: { templateId, calendarId, title: 'During the outage', goalDate: '2027-03-01' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.requests).toHaveLength(0);

    redis = await startRedis(port);
    await vi.waitFor(() => expect(receiver!.requests).toHaveLength(1), { timeout: 30_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.requests).toHaveLength(1);
    const [delivery] = receiver.requests;
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'case.created', data: { caseId: started.body.id, title: 'During the outage' } });
    expect(delivery!.headers['x-request-id']).toBe(started.headers.get('x-request-id'));
  }, 60_000);
});
