/** The validated configuration of one process; read once at start, never from process.env again. */
export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];
/**
 * What one process does: an APP_ROLE, or `cli`, the operator CLI (src/cli.ts), which writes
 * as an api does (the outbox included) and serves nothing, running no relay, job or schedule.
 */
export type ProcessRole = AppRole | 'cli';

/** Whether a process of this role runs the outbox relay, the job processors and the schedules. */
export function runsBackgroundWork(role: ProcessRole): boolean {
  return role === 'all' || role === 'worker';
}

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  /** api: HTTP only; worker: relay, jobs and schedules (HTTP for /health and /metrics only); all: both; cli: none of it. */
  readonly role: ProcessRole;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
    /** On SIGTERM, how long /health/ready answers 503 while the server still serves, before it closes. */
    readonly shutdownDelayMs: number;
    /** Overload protection (SPEC-RES-4): at most this many requests served at once... */
    readonly maxInFlight: number;
    /** ...each answered 503, its work rolled back, past this... */
    readonly requestTimeoutMs: number;
    /** ...and none served while the event loop lags more than this (ms) or the heap is this full (percent); 0: unchecked. */
    readonly maxEventLoopDelayMs: number;
    readonly maxHeapUsedPercent: number;
  };
  readonly database: {
    /** PostgreSQL URL; absent selects the embedded PGlite server. */
    readonly url: string | undefined;
    readonly poolSize: number;
    readonly statementTimeoutMs: number;
    /** Where the embedded database keeps its files. */
    readonly dataDir: string;
    readonly runMigrations: boolean;
  };
  readonly log: {
    readonly level: LogLevelName;
    /** Also write logs to this file, rotated by size and daily; absent: stdout only. */
    readonly file: { readonly path: string; readonly maxSizeMb: number; readonly keepDays: number } | undefined;
    /** SQL slower than this is logged at warn and counted. */
    readonly slowQueryMs: number;
  };
  readonly redis: {
    /** Redis URL; absent: in-process queues (later issue) and no Redis health check. */
    readonly url: string | undefined;
  };
  readonly metrics: {
    /** false: no /metrics and no measuring at all (to measure what metrics cost). */
    readonly enabled: boolean;
    /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
    readonly token: string | undefined;
  };
  readonly health: {
    /** Liveness fails when the event loop lags more than this. */
    readonly eventLoopDelayMs: number;
    /** Each dependency ping of the readiness check gives up after this. */
    readonly checkTimeoutMs: number;
    /** Above these, /health/detailed reports `degraded`. */
    readonly cpuPercent: number;
    readonly memoryPercent: number;
    readonly diskPercent: number;
  };
  /** The crons of the scheduled jobs (UTC). */
  readonly jobs: {
    readonly idempotencyPurgeCron: string;
    readonly sessionPurgeCron: string;
    readonly auditArchiveCron: string;
    readonly outboxPurgeCron: string;
    /** When Bull's finished jobs past the retention are removed (JOB_CLEANUP_CRON). */
    readonly cleanupCron: string;
    /** How long finished jobs are kept (JOB_RETENTION_DAYS). */
    readonly retentionMs: number;
  };
  /** Database maintenance (SPEC-JOB-2): off unless DB_MAINTENANCE_ENABLED. */
  readonly maintenance: {
    readonly enabled: boolean;
    /** `ANALYZE` (daily by default). */
    readonly analyzeCron: string;
    /** `VACUUM ANALYZE`, reindex of bloated indexes, read-cache flush (weekly by default). */
    readonly vacuumCron: string;
  };
  /** The audit log's monthly archive. */
  readonly auditArchive: {
    readonly retentionMonths: number;
    readonly dir: string;
    readonly batchRows: number;
  };
  readonly rateLimit: {
    readonly perSecond: number;
    readonly burst: number;
    readonly loginsPerMinute: number;
  };
  /** Unusual access, as security events (never refused): per user, else per ip, per window. */
  readonly security: {
    readonly windowSeconds: number;
    /** More records read than this in a window: `data_access_unusual`. */
    readonly dataAccessThreshold: number;
    /** More requests than this in a window: `request_rate_unusual`. */
    readonly requestRateThreshold: number;
  };
  readonly cors: {
    /** Browser origins allowed to call the API; empty: no CORS headers at all. */
    readonly origins: readonly string[];
  };
  readonly auth: {
    /** Signs access tokens; undefined outside production means a random one per start. */
    readonly jwtSecret: string | undefined;
    readonly accessTtlSeconds: number;
    readonly refreshTtlSeconds: number;
    readonly lockoutMinutes: number;
    /** The first admin, made at start when no user exists (both or neither). */
    readonly firstAdmin: { readonly email: string; readonly password: string } | undefined;
  };
  /** Outbound HTTP calls (SPEC-RES-1, 2): what every client of platform/http-client starts from. */
  readonly outbound: {
    /** The whole call: every attempt and every wait between them. */
    readonly timeoutMs: number;
    /** One attempt; at most timeoutMs. */
    readonly attemptTimeoutMs: number;
    /** Retries after the first attempt (so maxRetries + 1 attempts at most). */
    readonly maxRetries: number;
    /** The wait before the first retry; the n-th waits retryWaitMs x backoffMultiplier^(n-1), plus jitter. */
    readonly retryWaitMs: number;
    readonly backoffMultiplier: number;
    /** Failed attempts in a row that open a service's circuit breaker. */
    readonly breakerThreshold: number;
    /** How long an open circuit refuses calls before it lets one trial call through. */
    readonly breakerHalfOpenMs: number;
  };
  /** E-mail (SPEC-JOB-1): the HTTP e-mail service, or none (messages are logged instead). */
  readonly email: {
    readonly apiUrl: string | undefined;
    readonly from: string;
  };
  /** Webhook deliveries (signed POSTs to subscribers). */
  readonly webhooks: {
    readonly allowPrivateNetworks: boolean;
    readonly maxFailures: number;
    readonly timeoutMs: number;
    readonly retryMs: number;
  };
  /** Daily reminders of due-soon and overdue tasks and steps. */
  readonly reminders: {
    readonly dueSoonDays: number;
    readonly cron: string;
  };
  /** How long read caches keep an entry (SPEC-CACHE); every change invalidates its entry at once. */
  readonly cache: {
    readonly templateTtlMs: number;
    readonly calendarTtlMs: number;
    readonly caseTtlMs: number;
    /** Search results (lists with `q`), never forgotten on change: they may lag this long. */
    readonly searchTtlMs: number;
  };
}

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const APP_CONFIG = Symbol('AppConfig');
