import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, eventually, reachable } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// CI says where its Redis is; on a workstation, use the usual one when it is running.
const redisUrl =
  process.env.REDIS_URL ?? ((await reachable('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined);

/** Blocks this process, and so the app running in it, for `ms`. */
function blockEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('health, on the default settings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(redisUrl ? { REDIS_URL: redisUrl } : {});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /health says the process is up', async () => {
    const response = await t.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', timestamp: expect.any(String) });
    expect(new Date(response.body.timestamp).toISOString()).toBe(response.body.timestamp);
  });

  it('GET /health/live reports the event loop, and is never cached', async () => {
    const response = await t.request('GET', '/health/live');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: { event_loop: { status: 'up', delay_ms: expect.any(Number), threshold_ms: 1000 } },
    });
    expect(Object.keys(response.body.details)).toEqual(['event_loop']);
  });

  it('GET /health/ready pings the database and checks the migrations', async () => {
    const response = await t.request('GET', '/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      error: {},
      details: {
        database: { status: 'up', responseTime: expect.any(Number) },
        migrations: { status: 'up', pending: [] },
      },
    });
  });

  it.skipIf(!redisUrl)('GET /health/ready pings Redis when REDIS_URL is set (no Redis at REDIS_URL or 127.0.0.1:6379)', async () => {
    const response = await t.request('GET', '/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.details.redis).toMatchObject({ status: 'up', responseTime: expect.any(Number) });
  });

  it('GET /health/detailed has the SPEC-HEALTH-1 shape', async () => {
    const response = await t.request('GET', '/health/detailed');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const usage = { usage_percent: expect.any(Number), status: expect.stringMatching(/^(normal|high)$/) };
    expect(response.body).toMatchObject({
      status: expect.stringMatching(/^(healthy|degraded)$/),
      timestamp: expect.any(String),
      checks: {
        application: { status: 'healthy', uptime_seconds: expect.any(Number), version: expect.any(String) },
        system_resources: {
          status: expect.stringMatching(/^(healthy|degraded)$/),
          cpu: { ...usage, threshold_percent: 80, cpus: expect.any(Number) },
          memory: { ...usage, threshold_percent: 85, rss_bytes: expect.any(Number), limit_bytes: expect.any(Number) },
        },
        database: {
          status: 'healthy',
          latency_ms: expect.any(Number),
          pool: { total: expect.any(Number), idle: expect.any(Number), waiting: expect.any(Number), max: 10 },
        },
        disk: {
          status: expect.stringMatching(/^(healthy|degraded)$/),
          path: expect.any(String),
          usage_percent: expect.any(Number),
          threshold_percent: 90,
        },
      },
    });
    const { checks } = response.body;
    expect(checks.redis === undefined).toBe(redisUrl === undefined);
    if (redisUrl) expect(checks.redis).toMatchObject({ status: 'healthy', latency_ms: expect.any(Number) });
    expect(checks.logs).toBeUndefined();
    expect(checks.database.pool.total).toBeGreaterThan(0);
  });
});

describe('health, with Redis down, low thresholds and a log file', () => {
  let t: TestApp;
  let logDir: string;

  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'process-todo-logs-'));
    await writeFile(join(logDir, 'app.1.log'), 'x'.repeat(1000));
    t = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      HEALTH_CHECK_TIMEOUT_MS: '500',
      HEALTH_CPU_PERCENT: '1',
      HEALTH_MEMORY_PERCENT: '1',
      HEALTH_DISK_PERCENT: '1',
      LOG_FILE: join(logDir, 'app.log'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(logDir, { recursive: true, force: true });
  });

  it('GET /health/ready answers 503 with terminus details when Redis does not answer', async () => {
    const response = await t.request('GET', '/health/ready');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' }, migrations: { status: 'up' } },
      error: { redis: { status: 'down', message: expect.any(String) } },
    });
  });

  it('GET /health/live stays 200: a dependency is no reason to restart', async () => {
    expect((await t.request('GET', '/health/live')).status).toBe(200);
  });

  it('GET /health/detailed is degraded, not unhealthy (200), past a threshold or without Redis', async () => {
    const response = await t.request('GET', '/health/detailed');
    expect(response.status).toBe(200);
    const { status, checks } = response.body;
    expect(status).toBe('degraded');
    expect(checks.database.status).toBe('healthy');
    expect(checks.redis).toMatchObject({ status: 'unhealthy', error: expect.any(String) });
    expect(checks.disk).toMatchObject({ status: 'degraded', threshold_percent: 1 });
    expect(checks.disk.usage_percent).toBeGreaterThan(1);
    for (const resource of [checks.system_resources.cpu, checks.system_resources.memory]) {
      expect(resource.threshold_percent).toBe(1);
      expect(resource.status).toBe(resource.usage_percent > 1 ? 'high' : 'normal');
    }
    expect(checks.logs).toEqual({ status: 'healthy', directory: logDir, files: expect.any(Number), size_bytes: expect.any(Number) });
    expect(checks.logs.size_bytes).toBeGreaterThanOrEqual(1000);
  });
});

describe('health, with a stuck event loop', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ HEALTH_EVENT_LOOP_DELAY_MS: '100' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /health/live answers 503 once the event loop was stuck longer than the threshold', async () => {
    await sleep(100); // the sampler's first ticks: it measures from its second one
    blockEventLoop(300);
    const response = await t.request('GET', '/health/live');
    expect(response.body).toMatchObject({
      status: 'error',
      error: { event_loop: { status: 'down', threshold_ms: 100 } },
    });
    expect(response.status).toBe(503);
    expect(response.body.error.event_loop.delay_ms).toBeGreaterThan(100);
  });
});

describe('health, while shutting down', () => {
  it('on SIGTERM readiness turns 503 first, the server keeps serving through SHUTDOWN_DELAY_MS, then closes', async () => {
    const t = await startTestApp({ SHUTDOWN_DELAY_MS: '1500' });
    expect((await t.request('GET', '/health/ready')).status).toBe(200);

    const started = performance.now();
    let closedAfter: number | undefined;
    const closing = t.close('SIGTERM').then(() => {
      closedAfter = performance.now() - started;
    });

    const ready = await eventually(
      () => t.request('GET', '/health/ready'),
      (response) => response.status !== 200,
      { timeoutMs: 1000, intervalMs: 20 },
    );
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'shutting_down', details: { database: { status: 'up' } } });
    // Still serving, and still alive: the load balancer is taking the instance out.
    expect((await t.request('GET', '/health/live')).status).toBe(200);
    expect((await t.request('GET', '/tasks')).status).toBe(200);
    expect(closedAfter).toBeUndefined();

    await closing;
    expect(closedAfter).toBeGreaterThanOrEqual(1400);
    await expect(fetch(`${t.baseUrl}/health`)).rejects.toThrow();
  });

  it('without a signal (SIGINT, app.close()) nothing waits', async () => {
    const t = await startTestApp({ SHUTDOWN_DELAY_MS: '5000' });
    const started = performance.now();
    await t.close();
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
