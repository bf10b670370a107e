import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvironmentVariables, environmentVariableNames } from './environment-variables.js';
import { ConfigError, loadConfig } from './load-config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has a default for everything', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      role: 'all',
      http: {
        host: '0.0.0.0',
        port: 3000,
        bodyLimitBytes: 1_048_576,
        shutdownTimeoutMs: 10_000,
        shutdownDelayMs: 5_000,
        maxInFlight: 100,
        requestTimeoutMs: 15_000,
        maxEventLoopDelayMs: 1_000,
        maxHeapUsedPercent: 90,
      },
      database: {
        url: undefined,
        poolSize: 10,
        statementTimeoutMs: 30_000,
        dataDir: './data',
        runMigrations: true,
      },
      log: { level: 'debug', file: undefined, slowQueryMs: 1_000 },
      redis: { url: undefined },
      metrics: { enabled: true, token: undefined },
      health: { eventLoopDelayMs: 1_000, checkTimeoutMs: 1_500, cpuPercent: 80, memoryPercent: 85, diskPercent: 90 },
      jobs: { idempotencyPurgeCron: '15 3 * * *', sessionPurgeCron: '45 3 * * *', auditArchiveCron: '0 4 1 * *', outboxPurgeCron: '30 3 * * *', cleanupCron: '0 3 * * *', retentionMs: 7 * 86_400_000 },
      maintenance: { enabled: false, analyzeCron: '0 2 * * *', vacuumCron: '0 2 * * 0' },
      auditArchive: { retentionMonths: 3, dir: './data/audit-archive', batchRows: 10_000 },
      rateLimit: { perSecond: 100, burst: 200, loginsPerMinute: 5 },
      security: { windowSeconds: 60, dataAccessThreshold: 1_000, requestRateThreshold: 100 },
      cors: { origins: [] },
      auth: { jwtSecret: undefined, accessTtlSeconds: 900, refreshTtlSeconds: 1_209_600, lockoutMinutes: 15, firstAdmin: undefined },
      outbound: {
        timeoutMs: 30_000,
        attemptTimeoutMs: 10_000,
        maxRetries: 3,
        retryWaitMs: 1_000,
        backoffMultiplier: 2,
        breakerThreshold: 5,
        breakerHalfOpenMs: 30_000,
      },
      email: { apiUrl: undefined, from: 'process-todo <noreply@localhost>' },
      webhooks: { allowPrivateNetworks: false, maxFailures: 10, timeoutMs: 10_000, retryMs: 30_000 },
      reminders: { dueSoonDays: 2, cron: '0 6 * * *' },
      cache: { templateTtlMs: 3_600_000, calendarTtlMs: 86_400_000, caseTtlMs: 300_000, searchTtlMs: 60_000 },
    });
  });

  it('takes APP_ROLE api or worker only with REDIS_URL, all by default', () => {
    expect(loadConfig({ APP_ROLE: 'worker', REDIS_URL: 'redis://127.0.0.1:6379' }).role).toBe('worker');
    expect(problemsOf({ APP_ROLE: 'api' })).toEqual(['APP_ROLE: got api; expected all without REDIS_URL (api and worker processes share the queue in Redis)']);
    expect(problemsOf({ APP_ROLE: 'both', REDIS_URL: 'redis://127.0.0.1:6379' })[0]).toMatch(/^APP_ROLE: .*one of api, worker, all/);
  });

  it('reads the outbound HTTP settings, decimals of seconds included, within their ranges', () => {
    expect(
      loadConfig({
        REQUEST_TIMEOUT_MS: '5000',
        REQUEST_ATTEMPT_TIMEOUT_MS: '5000',
        MAX_RETRY_ATTEMPTS: '0',
        RETRY_WAIT_SECONDS: '0.25',
        RETRY_BACKOFF_MULTIPLIER: '1.5',
        CIRCUIT_BREAKER_THRESHOLD: '1',
        CIRCUIT_BREAKER_HALF_OPEN_SECONDS: '0.5',
      }).outbound,
    ).toEqual({
      timeoutMs: 5_000,
      attemptTimeoutMs: 5_000,
      maxRetries: 0,
      retryWaitMs: 250,
      backoffMultiplier: 1.5,
      breakerThreshold: 1,
      breakerHalfOpenMs: 500,
    });
    expect(
      problemsOf({
        MAX_RETRY_ATTEMPTS: '11',
        RETRY_WAIT_SECONDS: '-1',
        RETRY_BACKOFF_MULTIPLIER: '0.5',
        CIRCUIT_BREAKER_THRESHOLD: '0',
        CIRCUIT_BREAKER_HALF_OPEN_SECONDS: 'soon',
        REQUEST_TIMEOUT_MS: '50',
      }),
    ).toEqual(
      expect.arrayContaining([
        'MAX_RETRY_ATTEMPTS: got "11"; expected an integer from 0 to 10',
        'RETRY_WAIT_SECONDS: got "-1"; expected a number from 0.001 to 60',
        'RETRY_BACKOFF_MULTIPLIER: got "0.5"; expected a number from 1 to 10',
        'CIRCUIT_BREAKER_THRESHOLD: got "0"; expected an integer from 1 to 1000',
        'CIRCUIT_BREAKER_HALF_OPEN_SECONDS: got "soon"; expected a number from 0.01 to 3600',
        'REQUEST_TIMEOUT_MS: got "50"; expected an integer from 100 to 3600000',
      ]),
    );
    expect(problemsOf({ REQUEST_TIMEOUT_MS: '1000' })).toEqual([
      'REQUEST_ATTEMPT_TIMEOUT_MS: got 10000; expected at most REQUEST_TIMEOUT_MS (1000)',
    ]);
  });

  it('requires JWT_SECRET in production, and the first admin as a pair', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET: got nothing; expected at least 32 characters in production']);
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: got a value of 5 characters (hidden); expected at least 32 characters']);
    expect(problemsOf({ ADMIN_EMAIL: 'a@example.com' })).toEqual(['ADMIN_PASSWORD: got nothing; expected it with ADMIN_EMAIL']);
    expect(loadConfig({ ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'twelve chars!' }).auth.firstAdmin).toEqual({
      email: 'a@example.com',
      password: 'twelve chars!',
    });
  });

  it('reads typed values, and logs at info in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://app@db:5432/app',
      DATABASE_POOL_SIZE: '25',
      MIGRATIONS_RUN: 'false',
    });
    expect(config.http).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(config.database).toMatchObject({ url: 'postgres://app@db:5432/app', poolSize: 25, runMigrations: false });
    expect(config.log.level).toBe('info');
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).http.port).toBe(3000);
  });

  it('lists every problem, one line each, with the name, the value and what is expected', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_POOL_SIZE: '0',
      MIGRATIONS_RUN: 'maybe',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: got "eighty"; expected an integer from 0 to 65535',
        'DATABASE_POOL_SIZE: got "0"; expected an integer from 1 to 200',
        'MIGRATIONS_RUN: got "maybe"; expected true or false (also 1/0, yes/no)',
        'NODE_ENV: got "staging"; expected one of development, production, test',
        'LOG_LEVEL: got "loud"; expected one of error, warn, info, debug, trace',
      ]),
    );
    for (const problem of problems) expect(problem).not.toContain('\n');
  });

  it('keeps the readiness delay inside the shutdown budget', () => {
    expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: '10000', SHUTDOWN_DELAY_MS: '10000' })).toEqual([
      'SHUTDOWN_DELAY_MS: got 10000; expected less than SHUTDOWN_TIMEOUT_MS (10000)',
    ]);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '0' }).http.shutdownDelayMs).toBe(5_000);
  });

  it('never prints a secret value', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
    expect(problem).toMatch(/^DATABASE_URL: got a value of 27 characters \(hidden\); expected a postgres/);
    expect(problem).not.toContain('hunter2');
  });

  it('reads the optional variables that have no default', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://cache.internal:6379',
      METRICS_TOKEN: ' scrape-token ',
      LOG_FILE: '/var/log/process-todo/app.log',
    });
    expect(config.redis.url).toBe('redis://cache.internal:6379');
    expect(config.metrics.token).toBe('scrape-token');
    expect(config.log.file).toEqual({ path: '/var/log/process-todo/app.log', maxSizeMb: 10, keepDays: 30 });
    expect(problemsOf({ REDIS_URL: 'http://cache.internal' })).toEqual([
      'REDIS_URL: got a value of 21 characters (hidden); expected a redis:// or rediss:// URL',
    ]);
  });

  it('takes the names of the variables from the validation rules of the schema', () => {
    const names = environmentVariableNames();
    // Those without a default, which no instance lists, and every one with a default.
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'LOG_LEVEL', 'LOG_FILE', 'REDIS_URL', 'METRICS_TOKEN']));
    expect(names).toEqual(expect.arrayContaining(Object.keys(new EnvironmentVariables())));
    expect(new Set(names).size).toBe(names.length);
  });

  it('documents every variable in .env.example: every one of the schema, and nothing else', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const schema = new Set(environmentVariableNames());
    expect([...schema].filter((name) => !documented.has(name)), 'in the schema, not in .env.example').toEqual([]);
    expect([...documented].filter((name) => !schema.has(name)), 'in .env.example, not in the schema').toEqual([]);
  });
});
