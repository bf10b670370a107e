import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TransactionHost } from '@nestjs-cls/transactional';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUTBOUND_METRICS } from '../src/platform/http-client/outbound-metrics.js';
import { JOB_METRICS } from '../src/platform/jobs/job-metrics.js';
import { METRICS_REGISTRY } from '../src/platform/metrics/metrics-registry.js';
import { SCHEDULE_METRICS } from '../src/platform/scheduling/schedule-metrics.js';
import { ScheduleRunner, minuteOf } from '../src/platform/scheduling/schedule-runner.js';
import { JOB_KINDS, type JobKinds, OUTBOX, type Outbox } from '../src/shared/application/jobs.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The samples named `name` whose labels include `labels`. */
const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** The one value of a series, or undefined when it does not exist. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = find(samples, name, labels);
  expect(found.length, `${name}${JSON.stringify(labels)} matches ${found.length} series`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

function promtoolPath(): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'promtool'))
    .find((candidate) => existsSync(candidate));
}

const promtool = promtoolPath();
/** CI=true (and anything else but false/0): the promtool lint must run. */
const underCi = !['', 'false', '0'].includes((process.env.CI ?? '').trim().toLowerCase());

describe('GET /metrics', () => {
  let t: TestApp;
  let text: string;
  let samples: Sample[];
  const missingId = randomUUID();

  beforeAll(async () => {
    t = await startTestApp();
    const statuses = await Promise.all([
      t.request('POST', '/tasks', { body: { title: 'Counted' } }),
      t.request('GET', `/tasks/${missingId}`),
      t.request('POST', '/tasks', { body: { title: '' } }),
      t.request('POST', '/tasks', { rawBody: '{"title": ', headers: { 'content-type': 'application/json' } }),
      t.request('GET', '/no/such/route'),
      t.request('GET', '/tasks/%E0%A4%A'),
      t.request('GET', '/health'),
      t.request('GET', '/metrics'),
    ]).then((responses) => responses.map((r) => r.status));
    expect(statuses).toEqual([201, 404, 400, 400, 404, 400, 200, 200]);
    // A failing statement, straight on the data source: its SQLSTATE is counted.
    await expect(t.app.get(DataSource).query('SELECT * FROM no_such_table')).rejects.toThrow();

    const response = await t.request('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = response.body;
    samples = parseExposition(text);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('labels requests by route template and the status the client got', () => {
    const total = (method: string, route: string, status: string) =>
      valueOf(samples, 'http_requests_total', { method, route, status_code: status });
    expect(total('POST', '/tasks', '201')).toBe(1);
    expect(total('GET', '/tasks/:id', '404')).toBe(1);
    expect(total('POST', '/tasks', '400')).toBe(2);
    expect(total('GET', 'unmatched', '404')).toBe(1);
    // A path Fastify cannot decode never reaches a route, and is counted all the same.
    expect(total('GET', 'unmatched', '400')).toBe(1);
    expect(text).not.toContain(missingId);
    expect(text).not.toContain('/no/such/route');

    const buckets = find(samples, 'http_request_duration_seconds_bucket', { route: '/tasks/:id', status_code: '404' });
    expect(buckets.map((b) => b.labels.le)).toEqual(
      ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2', '2.5', '5', '10', '30', '+Inf'],
    );
    expect(buckets.at(-1)!.value).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/tasks', status_code: '400' })).toBe(2);
  });

  it('leaves /metrics and /health out', () => {
    const routes = new Set(
      samples.filter((s) => s.name.startsWith('http_')).map((s) => s.labels.route).filter(Boolean),
    );
    // The test app signs its admin in first.
    expect([...routes].sort()).toEqual(['/auth/login', '/tasks', '/tasks/:id', 'unmatched']);
  });

  it('counts errors by status and problem type', () => {
    const errors = (status: string, type: string) =>
      valueOf(samples, 'http_errors_total', { status_code: status, type });
    expect(errors('400', 'validation-error')).toBe(1);
    expect(errors('400', 'malformed-body')).toBe(1);
    expect(errors('404', 'task-not-found')).toBe(1);
    expect(errors('404', 'not-found')).toBe(1);
    expect(errors('400', 'malformed-url')).toBe(1);
    expect(find(samples, 'http_errors_total').reduce((sum, s) => sum + s.value, 0)).toBe(5);
  });

  it('reads the database pool when scraped', () => {
    const total = valueOf(samples, 'db_pool_connections', { state: 'total' });
    const idle = valueOf(samples, 'db_pool_connections', { state: 'idle' });
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeLessThanOrEqual(total!);
    expect(valueOf(samples, 'db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(valueOf(samples, 'db_pool_max')).toBe(10);
  });

  it('times every SQL statement by operation, and counts failures by SQLSTATE', () => {
    expect(valueOf(samples, 'db_query_duration_seconds_count', { operation: 'insert' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThanOrEqual(2);
    for (const operation of ['update', 'delete', 'other']) {
      expect(valueOf(samples, 'db_query_duration_seconds_count', { operation })).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(samples, 'db_query_errors_total', { code: '42P01' })).toBe(1);
    expect(valueOf(samples, 'db_deadlocks_total')).toBe(0);
    expect(valueOf(samples, 'db_slow_queries_total')).toBe(0);
  });

  it('exposes every metric of docker/prometheus/metrics-contract.txt (what the alerts and the dashboard read), with its type and labels', async () => {
    const contract = (await readFile('docker/prometheus/metrics-contract.txt', 'utf8'))
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/) as [string, string, ...string[]]);
    expect(contract.length).toBeGreaterThan(20);
    for (const [name, type, ...labels] of contract) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} ${type}$`, 'm'));
      // A labelled metric that has samples has each label of the contract on them.
      const series = samples.filter((sample) => sample.name.replace(/_(bucket|sum|count)$/, '') === name);
      for (const sample of series) for (const label of labels) expect(sample.labels, `${name}{${label}}`).toHaveProperty(label);
    }
  });

  it('has the process metrics and every business counter', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'tasks_created_total',
      'cases_created_total',
      'templates_created_total',
      'calendars_created_total',
      'replan_duration_seconds_count',
    ]) {
      expect(find(samples, name), name).toHaveLength(1);
    }
    expect(valueOf(samples, 'replans_total', { mode: 'apply' })).toBe(0);
  });

  it('counts what the use cases did, after they committed', async () => {
    const before = parseExposition((await t.request('GET', '/metrics')).body);
    const count = (all: Sample[], name: string, labels: Record<string, string> = {}) => valueOf(all, name, labels) ?? 0;

    await t.request('POST', '/tasks', { body: { title: 'One more' } });
    const calendar = await t.request('POST', '/calendars', { body: { code: `M-${randomUUID().slice(0, 6)}`, name: 'M' } });
    const template = await t.request('POST', '/process-templates', {
      body: { name: 'Counted', steps: [{ key: 'a', name: 'A', durationDays: 1 }] },
    });
    const created = await t.request('POST', '/cases', {
      body: { templateId: template.body.id, calendarId: calendar.body.id, title: 'C', goalDate: '2027-03-01' },
    });
    const applied = await t.request('POST', `/cases/${created.body.id}/replan/apply`, {
      body: { goalDate: '2027-03-08' },
      headers: { 'if-match': '"1"' },
    });
    expect(applied.status).toBe(200);
    // A refused create counts nothing.
    await t.request('POST', '/cases', { body: { templateId: randomUUID(), calendarId: calendar.body.id, title: 'x', goalDate: '2027-03-01' } });

    const after = parseExposition((await t.request('GET', '/metrics')).body);
    for (const name of ['tasks_created_total', 'calendars_created_total', 'templates_created_total', 'cases_created_total']) {
      expect(count(after, name) - count(before, name), name).toBe(1);
    }
    expect(count(after, 'replans_total', { mode: 'apply' }) - count(before, 'replans_total', { mode: 'apply' })).toBe(1);
    expect(count(after, 'replan_duration_seconds_count') - count(before, 'replan_duration_seconds_count')).toBe(1);
  });

  // Skipped where promtool is missing, and saying so in the name; never under CI (.ci/run
  // checks that it is on PATH), where a missing promtool fails the test.
  it.skipIf(!promtool && !underCi)(
    promtool || underCi ? 'passes promtool check metrics' : 'passes promtool check metrics (skipped: promtool not on PATH)',
    () => {
      expect(promtool, 'promtool is not on PATH: CI must install it (Debian: apt-get install prometheus) before the tests').toBeDefined();
      const result = spawnSync(promtool!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    },
  );
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-for-tests';

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['no Authorization', {}],
    ['another token', { authorization: 'Bearer not-the-token' }],
    ['a prefix of the token', { authorization: `Bearer ${token.slice(0, 10)}` }],
    ['another scheme', { authorization: `Basic ${token}` }],
  ])('answers 401 problem+json to %s', async (_name, headers) => {
    const response = await t.request('GET', '/metrics', { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body).toMatchObject({ status: 401, instance: '/metrics' });
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('answers the right bearer token', async () => {
    const response = await t.request('GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.body).toContain('# TYPE http_requests_total counter');
  });
});

describe('GET /metrics after background work', () => {
  let t: TestApp;
  let mail: LoopbackReceiver;
  const scrape = async () => parseExposition((await t.request('GET', '/metrics')).body);

  beforeAll(async () => {
    // The e-mail service is down once, then takes the message.
    mail = await LoopbackReceiver.start((index) => (index < 1 ? { status: 503 } : { status: 202, body: { queued: true } }));
    t = await startTestApp({ EMAIL_API_URL: `${mail.url}/v1/messages`, EMAIL_FROM: 'todo@test.local', RETRY_WAIT_SECONDS: '0.05' });
  });
  afterAll(async () => {
    await t?.close();
    await mail?.close();
  });

  it('measures each job run by kind, failures included, and reads the queue by state when scraped', async () => {
    let runs = 0;
    const kinds = t.app.get<JobKinds>(JOB_KINDS);
    const handle = async () => {
      if (++runs === 1) throw new Error('failing once on purpose');
    };
    kinds.register({ name: 'test-metrics-flaky', attempts: 2, backoffMs: 20, handle });
    kinds.register({ name: 'test-metrics-failing', attempts: 1, backoffMs: 0, handle: () => Promise.reject(new Error('failing on purpose')) });
    // Exposed at 0 once registered, before any run.
    const before = await scrape();
    expect(valueOf(before, 'background_job_failures_total', { kind: 'test-metrics-failing' })).toBe(0);
    expect(valueOf(before, 'background_job_duration_seconds_count', { kind: 'test-metrics-flaky' })).toBe(0);

    const outbox = t.app.get<Outbox>(OUTBOX);
    await t.app.get(TransactionHost).withTransaction(async () => {
      await outbox.add('test-metrics-flaky', {});
      await outbox.add('test-metrics-failing', {});
    });
    await vi.waitFor(async () => {
      const samples = await scrape();
      expect(valueOf(samples, 'background_job_duration_seconds_count', { kind: 'test-metrics-flaky' })).toBe(2);
      expect(valueOf(samples, 'background_jobs', { state: 'failed' })).toBeGreaterThanOrEqual(1);
    });
    const samples = await scrape();
    expect(valueOf(samples, 'background_job_failures_total', { kind: 'test-metrics-flaky' })).toBe(1);
    expect(valueOf(samples, 'background_job_failures_total', { kind: 'test-metrics-failing' })).toBe(1);
    expect(valueOf(samples, 'background_job_duration_seconds_count', { kind: 'test-metrics-failing' })).toBe(1);
    for (const state of ['waiting', 'active', 'completed', 'failed', 'delayed']) {
      expect(valueOf(samples, 'background_jobs', { state }), state).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(samples, 'background_jobs', { state: 'completed' })).toBeGreaterThanOrEqual(1);
  });

  it('reads the outbox backlog and its oldest age when scraped', async () => {
    const dataSource = t.app.get(DataSource);
    const id = randomUUID();
    // A message another relay holds (its lease runs for an hour): waiting, and ten minutes old.
    await dataSource.query(
      `INSERT INTO outbox_messages (id, kind, data, created_at, claimed_until)
       VALUES ($1, 'test-metrics-held', '{}', now() - interval '10 minutes', now() + interval '1 hour')`,
      [id],
    );
    try {
      const samples = await scrape();
      expect(valueOf(samples, 'outbox_backlog_messages')).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'outbox_oldest_message_age_seconds')).toBeGreaterThanOrEqual(600);
    } finally {
      await dataSource.query('DELETE FROM outbox_messages WHERE id = $1', [id]);
    }
    await vi.waitFor(async () => expect(valueOf(await scrape(), 'outbox_backlog_messages')).toBe(0));
    expect(valueOf(await scrape(), 'outbox_oldest_message_age_seconds')).toBe(0);
  });

  it('measures an outbound call, its attempts and retries, and shows its circuit closed', async () => {
    const assignee = await t.newUser();
    expect((await t.request('POST', '/tasks', { body: { title: 'Mailed', assigneeId: assignee.id } })).status).toBe(201);
    await vi.waitFor(() => expect(mail.requests).toHaveLength(2), { timeout: 10_000, interval: 50 });
    await vi.waitFor(async () => {
      const samples = await scrape();
      expect(valueOf(samples, 'outbound_request_duration_seconds_count', { service: 'email', outcome: 'success' })).toBe(1);
    });
    const samples = await scrape();
    expect(valueOf(samples, 'outbound_attempts_total', { service: 'email', outcome: 'server_error' })).toBe(1);
    expect(valueOf(samples, 'outbound_attempts_total', { service: 'email', outcome: 'success' })).toBe(1);
    expect(valueOf(samples, 'outbound_retries_total', { service: 'email' })).toBe(1);
    expect(valueOf(samples, 'outbound_circuit_state', { service: 'email' })).toBe(0);
    expect(valueOf(samples, 'background_job_duration_seconds_count', { kind: 'send-email' })).toBeGreaterThanOrEqual(1);
  });

  it('counts schedule runs by status, times them, and reads each period and last success when scraped', async () => {
    const runner = t.app.get(ScheduleRunner);
    runner.register({ name: 'test-metrics-every-5-min', cron: '*/5 * * * *', run: async () => ({ items: 1 }) });
    runner.register({ name: 'test-metrics-weekdays', cron: '0 9 * * 1-5', run: async () => Promise.reject(new Error('down')) });
    const before = await scrape();
    expect(valueOf(before, 'schedule_runs_total', { schedule: 'test-metrics-every-5-min', status: 'succeeded' })).toBe(0);
    expect(valueOf(before, 'schedule_last_success_timestamp_seconds', { schedule: 'test-metrics-every-5-min' })).toBeUndefined();

    const tick = minuteOf(new Date());
    expect(await runner.runTick('test-metrics-every-5-min', tick)).toMatchObject({ ran: true, status: 'succeeded' });
    expect(await runner.runTick('test-metrics-weekdays', tick)).toMatchObject({ ran: true, status: 'failed' });
    // A tick already claimed is no run.
    expect(await runner.runTick('test-metrics-every-5-min', tick)).toMatchObject({ ran: false });

    const samples = await scrape();
    const runs = (schedule: string, status: string) => valueOf(samples, 'schedule_runs_total', { schedule, status });
    expect(runs('test-metrics-every-5-min', 'succeeded')).toBe(1);
    expect(runs('test-metrics-every-5-min', 'failed')).toBe(0);
    expect(runs('test-metrics-weekdays', 'failed')).toBe(1);
    expect(valueOf(samples, 'schedule_run_duration_seconds_count', { schedule: 'test-metrics-every-5-min' })).toBe(1);
    expect(valueOf(samples, 'schedule_period_seconds', { schedule: 'test-metrics-every-5-min' })).toBe(300);
    // Over a weekend: Friday 09:00 to Monday 09:00.
    expect(valueOf(samples, 'schedule_period_seconds', { schedule: 'test-metrics-weekdays' })).toBe(3 * 86_400);
    const last = valueOf(samples, 'schedule_last_success_timestamp_seconds', { schedule: 'test-metrics-every-5-min' });
    expect(last).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(last).toBeLessThanOrEqual(Date.now() / 1000);
    expect(valueOf(samples, 'schedule_last_success_timestamp_seconds', { schedule: 'test-metrics-weekdays' })).toBeUndefined();
    // The app's own schedules have a period too.
    expect(valueOf(samples, 'schedule_period_seconds', { schedule: 'purge-idempotency-keys' })).toBe(86_400);
  });

  it.skipIf(!promtool && !underCi)(
    promtool || underCi ? 'passes promtool check metrics with every new series' : 'passes promtool check metrics with every new series (skipped: promtool not on PATH)',
    async () => {
      const text = (await t.request('GET', '/metrics')).body as string;
      const result = spawnSync(promtool!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    },
  );
});

describe('two apps in one process', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // Both alive at once: a metric on prom-client's global registry would fail the second's start.
    first = await startTestApp();
    second = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('count on registries of their own, none on prom-client\'s global one', async () => {
    expect((await first.request('POST', '/tasks', { body: { title: 'In the first' } })).status).toBe(201);
    const count = async (t: TestApp) => valueOf(parseExposition((await t.request('GET', '/metrics')).body), 'tasks_created_total');
    expect(await count(first)).toBe(1);
    expect(await count(second)).toBe(0);
    expect(first.app.get(METRICS_REGISTRY)).not.toBe(second.app.get(METRICS_REGISTRY));
    expect(await register.getMetricsAsJSON()).toEqual([]);
  });
});

describe('METRICS_ENABLED=false', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_ENABLED: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no /metrics route, and serves as before', async () => {
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.status).toBe(404);
    expect(metrics.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await t.request('POST', '/tasks', { body: { title: 'Unmeasured' } })).status).toBe(201);
    expect((await t.request('GET', `/tasks/${randomUUID()}`)).status).toBe(404);
  });

  it('has no registry and no measuring port, and runs jobs and schedules all the same', async () => {
    expect(() => t.app.get(METRICS_REGISTRY)).toThrow();
    expect(() => t.app.get(OUTBOUND_METRICS)).toThrow();
    expect(() => t.app.get(JOB_METRICS)).toThrow();
    expect(() => t.app.get(SCHEDULE_METRICS)).toThrow();
    let ran = false;
    t.app.get<JobKinds>(JOB_KINDS).register({ name: 'test-unmeasured', attempts: 1, backoffMs: 0, handle: async () => void (ran = true) });
    await t.app.get(TransactionHost).withTransaction(() => t.app.get<Outbox>(OUTBOX).add('test-unmeasured', {}));
    await vi.waitFor(() => expect(ran).toBe(true));
    const runner = t.app.get(ScheduleRunner);
    runner.register({ name: 'test-unmeasured', cron: '0 0 1 1 *', run: async () => ({ items: 0 }) });
    expect(await runner.runTick('test-unmeasured', minuteOf(new Date()))).toMatchObject({ ran: true, status: 'succeeded' });
    expect(await register.getMetricsAsJSON()).toEqual([]);
  });
});
