import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AppConfig } from './app-config.js';
import { EnvironmentVariables, environmentVariableNames, SECRET_VARIABLES } from './environment-variables.js';

/** Raised at start with one line per invalid variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the environment once. Empty values count as unset, so that
 * `PORT=` in a compose file means "the default", not zero.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    environmentVariableNames()
      .filter((name) => env[name] !== undefined && env[name]!.trim() !== '')
      .map((name) => [name, env[name]!.trim()]),
  );
  const vars = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(vars, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => {
        const expected = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
        return `${error.property}: got ${describe(error.property, raw[error.property])}; expected ${expected}`;
      }),
    );
  }
  // The delay is part of the shutdown budget: main.ts exits once SHUTDOWN_TIMEOUT_MS is up.
  if (vars.SHUTDOWN_TIMEOUT_MS > 0 && vars.SHUTDOWN_DELAY_MS >= vars.SHUTDOWN_TIMEOUT_MS) {
    throw new ConfigError([
      `SHUTDOWN_DELAY_MS: got ${vars.SHUTDOWN_DELAY_MS}; expected less than SHUTDOWN_TIMEOUT_MS (${vars.SHUTDOWN_TIMEOUT_MS})`,
    ]);
  }
  if ((vars.ADMIN_EMAIL === undefined) !== (vars.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError([
      `${vars.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}: got nothing; expected it with ${vars.ADMIN_EMAIL === undefined ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'}`,
    ]);
  }
  // Apart, an api and a worker meet only through Redis (the queue, the cache) and the database;
  // without Redis the in-process queue runs jobs in the process that wrote them: use `all`.
  if (vars.APP_ROLE !== 'all' && !vars.REDIS_URL) {
    throw new ConfigError([`APP_ROLE: got ${vars.APP_ROLE}; expected all without REDIS_URL (api and worker processes share the queue in Redis)`]);
  }
  if (vars.REQUEST_ATTEMPT_TIMEOUT_MS > vars.REQUEST_TIMEOUT_MS) {
    throw new ConfigError([
      `REQUEST_ATTEMPT_TIMEOUT_MS: got ${vars.REQUEST_ATTEMPT_TIMEOUT_MS}; expected at most REQUEST_TIMEOUT_MS (${vars.REQUEST_TIMEOUT_MS})`,
    ]);
  }
  if (vars.NODE_ENV === 'production' && vars.JWT_SECRET === undefined) {
    throw new ConfigError(['JWT_SECRET: got nothing; expected at least 32 characters in production']);
  }
  return {
    env: vars.NODE_ENV,
    role: vars.APP_ROLE,
    http: {
      host: vars.HOST,
      port: vars.PORT,
      bodyLimitBytes: vars.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
      shutdownDelayMs: vars.SHUTDOWN_DELAY_MS,
      maxInFlight: vars.MAX_IN_FLIGHT,
      requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS,
      maxEventLoopDelayMs: vars.MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedPercent: vars.MAX_HEAP_USED_PERCENT,
    },
    database: {
      url: vars.DATABASE_URL,
      poolSize: vars.DATABASE_POOL_SIZE,
      statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
      dataDir: vars.DATA_DIR,
      runMigrations: vars.MIGRATIONS_RUN,
    },
    log: {
      level: vars.LOG_LEVEL ?? (vars.NODE_ENV === 'production' ? 'info' : 'debug'),
      file: vars.LOG_FILE
        ? { path: vars.LOG_FILE, maxSizeMb: vars.LOG_FILE_MAX_SIZE_MB, keepDays: vars.LOG_FILE_KEEP_DAYS }
        : undefined,
      slowQueryMs: vars.SLOW_QUERY_MS,
    },
    redis: { url: vars.REDIS_URL },
    metrics: { enabled: vars.METRICS_ENABLED, token: vars.METRICS_TOKEN },
    health: {
      eventLoopDelayMs: vars.HEALTH_EVENT_LOOP_DELAY_MS,
      checkTimeoutMs: vars.HEALTH_CHECK_TIMEOUT_MS,
      cpuPercent: vars.HEALTH_CPU_PERCENT,
      memoryPercent: vars.HEALTH_MEMORY_PERCENT,
      diskPercent: vars.HEALTH_DISK_PERCENT,
    },
    jobs: {
      idempotencyPurgeCron: vars.IDEMPOTENCY_PURGE_CRON,
      sessionPurgeCron: vars.SESSION_PURGE_CRON,
      auditArchiveCron: vars.AUDIT_ARCHIVE_CRON,
      outboxPurgeCron: vars.OUTBOX_PURGE_CRON,
      cleanupCron: vars.JOB_CLEANUP_CRON,
      retentionMs: vars.JOB_RETENTION_DAYS * 86_400_000,
    },
    maintenance: {
      enabled: vars.DB_MAINTENANCE_ENABLED,
      analyzeCron: vars.DB_ANALYZE_CRON,
      vacuumCron: vars.DB_VACUUM_CRON,
    },
    auditArchive: {
      retentionMonths: vars.AUDIT_RETENTION_MONTHS,
      dir: vars.ARCHIVE_DIR,
      batchRows: vars.AUDIT_ARCHIVE_BATCH_ROWS,
    },
    rateLimit: {
      perSecond: vars.RATE_LIMIT_PER_SECOND,
      burst: vars.RATE_LIMIT_BURST,
      loginsPerMinute: vars.RATE_LIMIT_LOGIN_PER_MINUTE,
    },
    security: {
      windowSeconds: vars.SECURITY_WINDOW_SECONDS,
      dataAccessThreshold: vars.SECURITY_DATA_ACCESS_THRESHOLD,
      requestRateThreshold: vars.SECURITY_UNUSUAL_ACCESS_THRESHOLD,
    },
    cors: { origins: vars.CORS_ORIGINS ? vars.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : [] },
    auth: {
      jwtSecret: vars.JWT_SECRET,
      accessTtlSeconds: vars.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: vars.JWT_REFRESH_TTL_SECONDS,
      lockoutMinutes: vars.LOCKOUT_MINUTES,
      firstAdmin:
        vars.ADMIN_EMAIL && vars.ADMIN_PASSWORD ? { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } : undefined,
    },
    outbound: {
      timeoutMs: vars.REQUEST_TIMEOUT_MS,
      attemptTimeoutMs: vars.REQUEST_ATTEMPT_TIMEOUT_MS,
      maxRetries: vars.MAX_RETRY_ATTEMPTS,
      retryWaitMs: Math.round(vars.RETRY_WAIT_SECONDS * 1000),
      backoffMultiplier: vars.RETRY_BACKOFF_MULTIPLIER,
      breakerThreshold: vars.CIRCUIT_BREAKER_THRESHOLD,
      breakerHalfOpenMs: Math.round(vars.CIRCUIT_BREAKER_HALF_OPEN_SECONDS * 1000),
    },
    email: { apiUrl: vars.EMAIL_API_URL, from: vars.EMAIL_FROM },
    webhooks: {
      allowPrivateNetworks: vars.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      maxFailures: vars.WEBHOOK_MAX_FAILURES,
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      retryMs: Math.round(vars.WEBHOOK_RETRY_SECONDS * 1000),
    },
    reminders: { dueSoonDays: vars.DUE_SOON_DAYS, cron: vars.REMINDER_CRON },
    cache: {
      templateTtlMs: vars.CACHE_TEMPLATE_TTL_SECONDS * 1000,
      calendarTtlMs: vars.CACHE_CALENDAR_TTL_SECONDS * 1000,
      caseTtlMs: vars.CACHE_CASE_TTL_SECONDS * 1000,
      searchTtlMs: vars.CACHE_SEARCH_TTL_SECONDS * 1000,
    },
  };
}

/** The shape of a bad value, or the value itself when it is no secret. */
function describe(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (SECRET_VARIABLES.has(name)) return `a value of ${value.length} characters (hidden)`;
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
