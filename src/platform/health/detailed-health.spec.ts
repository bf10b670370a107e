import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { CpuUsageSampler } from './cpu-usage.sampler.js';
import type { DatabaseHealthIndicator } from './database.health.js';
import { DetailedHealth } from './detailed-health.js';
import type { RedisHealthIndicator } from './redis.health.js';
import type { JobCounts, JobQueue } from '../jobs/job-queue.js';
import type { OutboxRelay } from '../jobs/outbox-relay.js';
import type { HttpClients } from '../http-client/http-clients.js';

type Status = 'up' | 'down';

/**
 * DetailedHealth over stubbed checks, CPU at `cpu` percent. Memory and disk are measured for
 * real, so their thresholds are 100% unless a test sets them: a full CI disk fails nothing.
 */
function detailedHealth({
  env = {},
  database = 'up',
  migrations = 'up',
  redis,
  cpu = 10,
  jobs = { counts: async () => ({ waiting: 1, active: 0, completed: 5, failed: 0, delayed: 0 }), oldestAgeMs: 400 as number | null },
  circuits = [{ name: 'email', state: 'closed' as const }],
}: {
  env?: Record<string, string>;
  database?: Status;
  migrations?: Status;
  redis?: Status;
  cpu?: number;
  jobs?: { counts: () => Promise<JobCounts>; oldestAgeMs: number | null };
  circuits?: { name: string; state: 'closed' | 'half_open' | 'open' }[];
} = {}) {
  const config = loadConfig({
    DATABASE_URL: 'postgres://app@db/app',
    HEALTH_MEMORY_PERCENT: '100',
    HEALTH_DISK_PERCENT: '100',
    ...env,
  });
  const result = (key: string, status: Status, message: string) => ({
    [key]: { status, responseTime: 4, ...(status === 'down' ? { message } : {}) },
  });
  const databaseIndicator = {
    ping: async () => result('database', database, 'connect ECONNREFUSED'),
    migrations: async () => result('migrations', migrations, 'pending migrations: Next1'),
    poolStats: () => ({ total: 2, idle: 1, waiting: 0, max: 10 }),
  } as unknown as DatabaseHealthIndicator;
  const redisIndicator = {
    configured: redis !== undefined,
    ping: async () => result('redis', redis ?? 'down', 'ECONNREFUSED'),
  } as unknown as RedisHealthIndicator;
  const sampler = { cpus: 2, usagePercent: () => cpu } as CpuUsageSampler;
  const queue = { mode: 'bull', counts: jobs.counts } as unknown as JobQueue;
  const relay = { backlog: async () => ({ messages: jobs.oldestAgeMs === null ? 0 : 1, oldestAgeMs: jobs.oldestAgeMs }) } as OutboxRelay;
  const clients = { circuits: () => circuits } as unknown as HttpClients;
  return new DetailedHealth(config, databaseIndicator, redisIndicator, sampler, queue, relay, clients);
}

describe('DetailedHealth', () => {
  let logDir: string;
  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'detailed-health-'));
    await writeFile(join(logDir, 'app.log'), 'x'.repeat(300));
    await writeFile(join(logDir, 'app.1.log'), 'x'.repeat(200));
  });
  afterAll(async () => {
    await rm(logDir, { recursive: true, force: true });
  });

  it('is healthy when every check is, with the numbers of each', async () => {
    const report = await detailedHealth().report(new Date('2026-01-02T03:04:05.000Z'));
    expect(report).toMatchObject({
      status: 'healthy',
      timestamp: '2026-01-02T03:04:05.000Z',
      checks: {
        application: { status: 'healthy', uptime_seconds: expect.any(Number), version: expect.any(String) },
        system_resources: {
          status: 'healthy',
          cpu: { usage_percent: 10, status: 'normal', threshold_percent: 80, cpus: 2 },
          memory: { usage_percent: expect.any(Number), status: 'normal', threshold_percent: 100 },
        },
        database: { status: 'healthy', latency_ms: 4, pool: { total: 2, idle: 1, waiting: 0, max: 10 } },
        disk: { status: 'healthy', path: process.cwd(), usage_percent: expect.any(Number), threshold_percent: 100 },
      },
    });
    expect(report.checks.redis).toBeUndefined();
    expect(report.checks.logs).toBeUndefined();
  });

  it('is unhealthy when the database does not answer', async () => {
    const report = await detailedHealth({ database: 'down' }).report();
    expect(report.status).toBe('unhealthy');
    expect(report.checks.database).toMatchObject({ status: 'unhealthy', error: 'connect ECONNREFUSED' });
  });

  it('is unhealthy while a migration is pending', async () => {
    const report = await detailedHealth({ migrations: 'down' }).report();
    expect(report.status).toBe('unhealthy');
    expect(report.checks.database.error).toBe('pending migrations: Next1');
  });

  it('is degraded, not unhealthy, when Redis does not answer', async () => {
    const report = await detailedHealth({ redis: 'down' }).report();
    expect(report.status).toBe('degraded');
    expect(report.checks.redis).toEqual({ status: 'unhealthy', latency_ms: 4, error: 'ECONNREFUSED' });
    expect((await detailedHealth({ redis: 'up' }).report()).checks.redis).toEqual({ status: 'healthy', latency_ms: 4 });
  });

  it('reports the jobs by state and the outbox backlog; degraded when the oldest message waited over 5 minutes or the queue does not answer', async () => {
    expect((await detailedHealth().report()).checks.jobs).toEqual({
      status: 'healthy',
      queue: 'bull',
      waiting: 1,
      active: 0,
      completed: 5,
      failed: 0,
      delayed: 0,
      outbox: { messages: 1, oldest_age_seconds: 0.4 },
    });
    const stuck = await detailedHealth({ jobs: { counts: async () => ({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 }), oldestAgeMs: 301_000 } }).report();
    expect(stuck.status).toBe('degraded');
    expect(stuck.checks.jobs).toMatchObject({ status: 'degraded', outbox: { oldest_age_seconds: 301 } });
    const away = await detailedHealth({
      env: { HEALTH_CHECK_TIMEOUT_MS: '100' },
      jobs: { counts: () => new Promise(() => {}), oldestAgeMs: null },
    }).report();
    expect(away.status).toBe('degraded');
    expect(away.checks.jobs).toEqual({ status: 'degraded', queue: 'bull', error: 'no answer within 100 ms' });
  });

  it('lists each outbound service by circuit state: degraded while one is open, never unhealthy', async () => {
    expect((await detailedHealth().report()).checks.outbound).toEqual({ status: 'healthy', services: [{ name: 'email', state: 'closed' }] });
    const open = await detailedHealth({ circuits: [{ name: 'email', state: 'open' }] }).report();
    expect(open.status).toBe('degraded');
    expect(open.checks.outbound).toEqual({ status: 'degraded', services: [{ name: 'email', state: 'open' }] });
  });

  it('is degraded past a CPU, memory or disk threshold', async () => {
    const cpu = await detailedHealth({ cpu: 81 }).report();
    expect(cpu.status).toBe('degraded');
    expect(cpu.checks.system_resources).toMatchObject({ status: 'degraded', cpu: { status: 'high' } });

    const memory = await detailedHealth({ env: { HEALTH_MEMORY_PERCENT: '1' } }).report();
    expect(memory.checks.system_resources.memory.status).toBe(
      memory.checks.system_resources.memory.usage_percent > 1 ? 'high' : 'normal',
    );

    const disk = await detailedHealth({ env: { HEALTH_DISK_PERCENT: '1' } }).report();
    expect(disk.status).toBe('degraded');
    expect(disk.checks.disk).toMatchObject({ status: 'degraded', threshold_percent: 1 });
  });

  it('measures the disk of DATA_DIR for the embedded database', async () => {
    const embedded = detailedHealth({ env: { DATABASE_URL: '', DATA_DIR: logDir } });
    expect((await embedded.report()).checks.disk.path).toBe(logDir);
  });

  it('sizes the LOG_FILE directory when there is one', async () => {
    const report = await detailedHealth({ env: { LOG_FILE: join(logDir, 'app.log') } }).report();
    expect(report.checks.logs).toEqual({ status: 'healthy', directory: logDir, files: 2, size_bytes: 500 });
    const missing = await detailedHealth({ env: { LOG_FILE: join(logDir, 'not-yet', 'app.log') } }).report();
    expect(missing.checks.logs).toMatchObject({ status: 'healthy', files: 0, size_bytes: 0 });
  });
});
