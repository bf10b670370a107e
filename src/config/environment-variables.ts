import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { validateCronExpression } from 'cron';
import { APP_ROLES, type AppRole, LOG_LEVELS, type LogLevelName } from './app-config.js';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

/** An integer variable; every rule it breaks says the same: what it should be. */
const IntegerIn = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const message = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return applyDecorators(Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message }));
};
/** A decimal variable (`0.5`, `2`); every rule it breaks says what it should be. */
const NumberIn = (min: number, max: number) => {
  const message = `a number from ${min} to ${max}`;
  return applyDecorators(
    Transform(toNumber),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(min, { message }),
    Max(max, { message }),
  );
};
const Bool = () =>
  applyDecorators(Transform(toBool), IsBoolean({ message: 'true or false (also 1/0, yes/no)' }));
const OneOf = (values: readonly string[]) => IsIn(values, { message: `one of ${values.join(', ')}` });
/** Five fields (minute hour day month weekday), as the schedule runner reads them. */
const Cron = () =>
  ValidateBy({
    name: 'isCron',
    validator: {
      validate: (value) => typeof value === 'string' && value.trim().split(/\s+/).length === 5 && validateCronExpression(value).valid,
      defaultMessage: () => 'a five-field cron expression (minute hour day month weekday), e.g. "15 3 * * *"',
    },
  });

const NonEmpty = () => applyDecorators(IsString(), IsNotEmpty({ message: 'a non-empty string' }));

/**
 * Every environment variable the API reads, with its default. Every property carries a
 * validation decorator (`@IsOptional()` at least), which is how loadConfig finds the names
 * (environmentVariableNames). `.env.example` documents the same list; a test keeps the two
 * in step.
 */
export class EnvironmentVariables {
  /** development | production | test. Logs are JSON lines; production logs at info level by default. */
  @OneOf(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /**
   * What this process does: `api` serves HTTP and writes the outbox; `worker` runs the outbox
   * relay, the job processors and the schedules and serves only /health and /metrics; `all`
   * both (the embedded default).
   */
  @OneOf(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  /** Where the HTTP server listens. */
  @NonEmpty()
  HOST = '0.0.0.0';

  /** The port the HTTP server listens on (0: any free port). */
  @IntegerIn(0, 65_535)
  PORT = 3000;

  /** PostgreSQL server, e.g. postgres://app:secret@db.internal:5432/process_todo Unset: the embedded PGlite database under DATA_DIR (development and trials only). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Connections in the pool, and the longest a single statement may run (0 = no limit). */
  @IntegerIn(1, 200)
  DATABASE_POOL_SIZE = 10;

  /** Longest a statement may run (0: no limit); the client itself gives up 1 s later (a hung network), and a new connection may take as long, at most 10 s. */
  @IntegerIn(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** Where the embedded database keeps its files when DATABASE_URL is unset. */
  @NonEmpty()
  DATA_DIR = './data';

  /** Apply pending migrations at start (false: run `npm run migration:run` yourself). */
  @Bool()
  MIGRATIONS_RUN = true;

  /** Largest accepted request body, in bytes (larger ones get 413). */
  @IntegerIn(1024, 100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Browser origins allowed to call the API (CORS), comma-separated; none by default. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*$/, { message: 'a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;

  /** How long a stopping process may take in all before it exits, in ms. */
  @IntegerIn(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** On SIGTERM, /health/ready answers 503 for this long (ms) while the server still serves, so that load balancers stop sending traffic before it closes; then in-flight requests finish. Part of SHUTDOWN_TIMEOUT_MS, so it must be less. SIGINT (Ctrl+C) skips it. */
  @IntegerIn(0)
  SHUTDOWN_DELAY_MS = 5_000;

  /**
   * Overload protection (SPEC-RES-4): requests served at once (the concurrency limit; one
   * more is refused with a 503 problem and Retry-After); /health and /metrics are not counted.
   */
  @IntegerIn(1, 100_000)
  MAX_IN_FLIGHT = 100;

  /**
   * How long an incoming request may take before it is answered 503 and its work rolled back
   * (the default timeout of SPEC-RES-4; REQUEST_TIMEOUT_MS is the outbound one of SPEC-RES-1).
   */
  @IntegerIn(100, 3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 15_000;

  /** Requests are refused (503) while the event loop lags more than this on average over a second; 0: never. */
  @IntegerIn(0, 60_000)
  MAX_EVENT_LOOP_DELAY_MS = 1_000;

  /** Requests are refused (503) while the JavaScript heap holds more than this share of its limit; 0: never. */
  @IntegerIn(0, 100)
  MAX_HEAP_USED_PERCENT = 90;

  /** error | warn | info | debug | trace. Default: info in production, debug otherwise. */
  @IsOptional()
  @OneOf(LOG_LEVELS)
  LOG_LEVEL?: LogLevelName;

  /** Also write the JSON logs to this file, rotated at LOG_FILE_MAX_SIZE_MB and daily, keeping LOG_FILE_KEEP_DAYS days of files. Unset: stdout only. */
  @IsOptional()
  @NonEmpty()
  LOG_FILE?: string;

  /** A LOG_FILE is rolled when it reaches this size, and daily. */
  @IntegerIn(1, 10_240)
  LOG_FILE_MAX_SIZE_MB = 10;

  /** Rolled log files older than this are deleted. */
  @IntegerIn(1, 3_650)
  LOG_FILE_KEEP_DAYS = 30;

  /** SQL slower than this (ms) is logged at warn and counted in db_slow_queries_total. */
  @IntegerIn(1)
  SLOW_QUERY_MS = 1_000;

  /** Redis, e.g. redis://redis.internal:6379. Checked by /health/ready when set. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prometheus metrics on GET /metrics (false: no endpoint and no measuring). */
  @Bool()
  METRICS_ENABLED = true;

  /** When set, GET /metrics needs the header `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @NonEmpty()
  METRICS_TOKEN?: string;

  /** Signs access tokens (HS256). Required, 32+ characters, in production; random per start otherwise. */
  @IsOptional()
  @Matches(/^.{32,}$/, { message: 'at least 32 characters' })
  JWT_SECRET?: string;

  /** Access tokens live this many seconds; refresh tokens (one use each, rotated) this many. */
  @IntegerIn(60, 86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  /** How long a refresh token (a sign-in session) lasts, unless used or ended earlier. */
  @IntegerIn(300, 90 * 86_400)
  JWT_REFRESH_TTL_SECONDS = 14 * 86_400;

  /** After 5 failed sign-ins in a row an account is locked for this many minutes. */
  @IntegerIn(1, 1_440)
  LOCKOUT_MINUTES = 15;

  /** Requests per second each signed-in user (else each ip) may make, with a burst above it (SPEC-RES-4). */
  @IntegerIn(1, 1_000_000)
  RATE_LIMIT_PER_SECOND = 100;

  /** Requests a user (or ip) may make at once above RATE_LIMIT_PER_SECOND. */
  @IntegerIn(1, 1_000_000)
  RATE_LIMIT_BURST = 200;

  /** When the scheduled jobs run: five-field crons, in UTC. */
  @Cron()
  IDEMPOTENCY_PURGE_CRON = '15 3 * * *';

  /** When ended and expired sign-in sessions are deleted. */
  @Cron()
  SESSION_PURGE_CRON = '45 3 * * *';

  /** When dispatched outbox messages older than JOB_RETENTION_DAYS are deleted. */
  @Cron()
  OUTBOX_PURGE_CRON = '30 3 * * *';

  /** When Bull's completed and failed jobs older than JOB_RETENTION_DAYS are removed (with REDIS_URL). */
  @Cron()
  JOB_CLEANUP_CRON = '0 3 * * *';

  /**
   * Database maintenance (SPEC-JOB-2), off by default (a managed database often runs its
   * own): `ANALYZE` on DB_ANALYZE_CRON (daily), `VACUUM ANALYZE`, a concurrent reindex of
   * bloated indexes and a flush of the read cache on DB_VACUUM_CRON (weekly, Sunday).
   */
  @Bool()
  DB_MAINTENANCE_ENABLED = false;

  /** When the daily ANALYZE runs (with DB_MAINTENANCE_ENABLED). */
  @Cron()
  DB_ANALYZE_CRON = '0 2 * * *';

  /** When the weekly VACUUM (ANALYZE), reindex of bloated indexes and read-cache flush run (with DB_MAINTENANCE_ENABLED). */
  @Cron()
  DB_VACUUM_CRON = '0 2 * * 0';

  /** When audit entries older than AUDIT_RETENTION_MONTHS move to ARCHIVE_DIR (first of the month, 04:00 UTC). */
  @Cron()
  AUDIT_ARCHIVE_CRON = '0 4 1 * *';

  /** Days a finished background job stays visible (Bull's completed jobs; also what lets a redelivered message be recognised). */
  @IntegerIn(1, 365)
  JOB_RETENTION_DAYS = 7;

  /** Whole months of audit entries kept in the database; older months are archived. */
  @IntegerIn(1, 120)
  AUDIT_RETENTION_MONTHS = 3;

  /** Where the audit archive writes its gzip NDJSON files and their manifests. */
  @NonEmpty()
  ARCHIVE_DIR = './data/audit-archive';

  /** Rows the audit archive reads, writes and reports per batch. */
  @IntegerIn(100, 1_000_000)
  AUDIT_ARCHIVE_BATCH_ROWS = 10_000;

  /** Sign-in attempts per minute per account and per ip. */
  @IntegerIn(1, 1_000_000)
  RATE_LIMIT_LOGIN_PER_MINUTE = 5;

  /**
   * Unusual access (security events, counted per signed-in user, else per ip, in windows of
   * SECURITY_WINDOW_SECONDS): more records read than SECURITY_DATA_ACCESS_THRESHOLD is a
   * `data_access_unusual` event, more requests than SECURITY_UNUSUAL_ACCESS_THRESHOLD a
   * `request_rate_unusual` one; each once per window. Nothing is refused.
   */
  @IntegerIn(1, 86_400)
  SECURITY_WINDOW_SECONDS = 60;

  /** Records one user may read in a minute before `large_data_access` is logged (SPEC-SEC). */
  @IntegerIn(1, 1_000_000_000)
  SECURITY_DATA_ACCESS_THRESHOLD = 1_000;

  /** Requests one user may make in a minute before `unusual_access` is logged (SPEC-SEC). */
  @IntegerIn(1, 1_000_000_000)
  SECURITY_UNUSUAL_ACCESS_THRESHOLD = 100;

  /** With ADMIN_PASSWORD: the first admin, made at start when no user exists. */
  @IsOptional()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'an e-mail address' })
  ADMIN_EMAIL?: string;

  /** The password of the first admin (ADMIN_EMAIL), 12+ characters; without both, a random one is written to DATA_DIR/initial-admin-password. */
  @IsOptional()
  @Matches(/^.{12,128}$/, { message: '12 to 128 characters' })
  ADMIN_PASSWORD?: string;

  /** /health/live fails when the event loop lags more than this (ms); each readiness ping gives up after HEALTH_CHECK_TIMEOUT_MS. */
  @IntegerIn(1)
  HEALTH_EVENT_LOOP_DELAY_MS = 1_000;

  /** How long one readiness check (database, Redis) may take before it counts as down. */
  @IntegerIn(1)
  HEALTH_CHECK_TIMEOUT_MS = 1_500;

  /** Above these usage percentages /health/detailed reports `degraded`. */
  @IntegerIn(1, 100)
  HEALTH_CPU_PERCENT = 80;

  /** /health/detailed reports memory as degraded above this percent. */
  @IntegerIn(1, 100)
  HEALTH_MEMORY_PERCENT = 85;

  /** /health/detailed reports the disk of DATA_DIR as degraded above this percent. */
  @IntegerIn(1, 100)
  HEALTH_DISK_PERCENT = 90;

  /** How long read caches keep process templates and calendars, in seconds (SPEC-CACHE). Every change invalidates its entry at once; 0 disables the cache. */
  @IntegerIn(0)
  CACHE_TEMPLATE_TTL_SECONDS = 3_600;

  /** How long calendars (and their holidays) stay in the read cache (0: no cache). */
  @IntegerIn(0)
  CACHE_CALENDAR_TTL_SECONDS = 86_400;

  /** A case read by id (GET /cases/:id); every change of the case forgets it at once. */
  @IntegerIn(0)
  CACHE_CASE_TTL_SECONDS = 300;

  /** A page of search results (a list with `q`): not forgotten on change, so a search may lag a change by this long. */
  @IntegerIn(0)
  CACHE_SEARCH_TTL_SECONDS = 60;

  /**
   * Outbound HTTP (SPEC-RES-1, 2): the total budget of one call, retries and their waits
   * included, and the longest one attempt may take; a client of a slow service sets its own.
   */
  @IntegerIn(100, 3_600_000)
  REQUEST_TIMEOUT_MS = 30_000;

  /** Outbound HTTP: the longest one attempt may take, inside REQUEST_TIMEOUT_MS. */
  @IntegerIn(100, 3_600_000)
  REQUEST_ATTEMPT_TIMEOUT_MS = 10_000;

  /** Retries after the first attempt, waiting RETRY_WAIT_SECONDS x RETRY_BACKOFF_MULTIPLIER^n plus jitter. */
  @IntegerIn(0, 10)
  MAX_RETRY_ATTEMPTS = 3;

  /** Outbound HTTP: the wait before the first retry, in seconds. */
  @NumberIn(0.001, 60)
  RETRY_WAIT_SECONDS = 1;

  /** Outbound HTTP: each further wait is the previous one times this. */
  @NumberIn(1, 10)
  RETRY_BACKOFF_MULTIPLIER = 2;

  /** Failed attempts in a row that open a service's circuit, and how long it stays open before a trial call. */
  @IntegerIn(1, 1_000)
  CIRCUIT_BREAKER_THRESHOLD = 5;

  /** How long an open circuit refuses calls to its upstream before it lets one through again. */
  @NumberIn(0.01, 3_600)
  CIRCUIT_BREAKER_HALF_OPEN_SECONDS = 30;

  /** The HTTP e-mail service: a JSON POST of {from, to, subject, text} per message. Unset: messages are logged, not sent. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'an http:// or https:// URL' })
  EMAIL_API_URL?: string;

  /** The sender of every e-mail. */
  @NonEmpty()
  EMAIL_FROM = 'process-todo <noreply@localhost>';

  /**
   * Webhooks: a subscription whose URL resolves to a loopback, private or link-local address
   * is refused unless this is true (cloud-metadata addresses are refused even then).
   */
  @Bool()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /** Failed delivery attempts in a row after which a subscription is disabled. */
  @IntegerIn(1, 1_000)
  WEBHOOK_MAX_FAILURES = 10;

  /** The longest one delivery attempt may take. */
  @IntegerIn(100, 120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The wait before a failed delivery's second attempt, doubled before each later one (8 attempts in all). */
  @NumberIn(0.01, 3_600)
  WEBHOOK_RETRY_SECONDS = 30;

  /** Reminders: items due within this many working days are `due_soon` (0: only overdue items are reminded of). */
  @IntegerIn(0, 60)
  DUE_SOON_DAYS = 2;

  /** When the daily reminders run (UTC). */
  @Cron()
  REMINDER_CRON = '0 6 * * *';
}

/**
 * The names of the variables EnvironmentVariables declares: every property with a
 * class-validator decorator, optional ones without a default included, in declaration order.
 */
export function environmentVariableNames(): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))];
}

/** Variables whose values must never be printed, even in an error. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  // May carry a key in its query or user part.
  'EMAIL_API_URL',
  'METRICS_TOKEN',
  'JWT_SECRET',
  'ADMIN_PASSWORD',
]);
