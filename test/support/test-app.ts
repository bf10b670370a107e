import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogStream } from '../../src/platform/logging/log-destination.js';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  /** The first admin's access token, sent by `request` unless it is told otherwise. */
  adminToken: string;
  /** Signs in and returns the access token (and the rest of the pair). */
  signIn(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  /** Adds an active user (as the admin) and signs them in: someone work can be assigned to. */
  newUser(role?: 'admin' | 'manager' | 'member' | 'viewer'): Promise<{ id: string; email: string; accessToken: string }>;
  /** Which database this run uses: 'postgres' (DATABASE_URL set) or 'embedded'. */
  database: 'postgres' | 'embedded';
  /** On PostgreSQL, the URL of this app's own database (for a child process that shares it). */
  databaseUrl: string | null;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Shuts the app down as that signal would (SIGTERM waits SHUTDOWN_DELAY_MS), then drops its database. */
  close(signal?: string): Promise<void>;
}

export interface TestAppOptions {
  /** How the app reaches its fresh PostgreSQL database (through a proxy, say); the URL as is by default. */
  databaseUrl?: (url: string) => string;
  /** Receives every log line (one JSON object per write), besides the test's console. */
  logStream?: LogStream;
}

/**
 * The app's log lines go to the console of the test that is running, one `console.log` per
 * line, never to stdout: vitest (`silent: 'passed-only'` in vitest.config.ts) keeps them and
 * prints them only under a test, suite or file that failed. With LOG_LEVEL set
 * (`LOG_LEVEL=debug npm test`) the apps log at that level and vitest prints every line.
 */
const testConsole: LogStream = { write: (line: string) => console.log(line.trimEnd()) };

function logStreamOf(options: TestAppOptions): LogStream {
  const own = options.logStream;
  if (!own) return testConsole;
  return {
    write: (line: string) => {
      own.write(line);
      testConsole.write(line);
    },
  };
}

export interface RequestOptions {
  /** Sends no Authorization header (the admin's token goes with every request otherwise). */
  anonymous?: boolean;
  /** Signs the request with this access token instead of the admin's. */
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** The admin every test app starts with, signed in by `startTestApp`. */
export const TEST_ADMIN = { email: 'admin@test.local', password: 'correct horse battery staple' };

/** What every test app and test process runs with, unless a test sets its own. */
export const TEST_APP_ENV: Readonly<Record<string, string>> = {
  ADMIN_EMAIL: TEST_ADMIN.email,
  ADMIN_PASSWORD: TEST_ADMIN.password,
  // Tests fire many requests from one user and one ip; test/rate-limits.e2e-spec.ts sets its own.
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
  // Nor are they unusual access; test/security-watch.e2e-spec.ts sets small thresholds.
  SECURITY_UNUSUAL_ACCESS_THRESHOLD: '1000000',
  SECURITY_DATA_ACCESS_THRESHOLD: '1000000',
};

/**
 * Starts the real application on a fresh database over real HTTP: a new database on the
 * PostgreSQL server of DATABASE_URL (whose name must contain "test"), or a new embedded
 * PGlite directory when DATABASE_URL is unset. Each test file gets its own.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const baseUrl = process.env.DATABASE_URL;
  const database = baseUrl ? await createTestDatabase(baseUrl) : null;
  // Also on PostgreSQL: the app writes the initial admin password there when no admin is given.
  const dataDir = await mkdtemp(join(tmpdir(), 'process-todo-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    // Quiet by default: only what went wrong, and shown only when a test fails (logStreamOf).
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: options.databaseUrl?.(database.url) ?? database.url } : {}),
    // CI runs a Redis and says where; readiness then checks it as in production.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...TEST_APP_ENV,
    ...env,
  });
  const app = await createApp(config, { logStream: logStreamOf(options) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address !== 'object') throw new Error('no listening address');
  const url = `http://127.0.0.1:${address.port}`;

  const signIn = async (email: string, password: string) => {
    const attempt = () =>
      fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    let response = await attempt();
    // A test app with small overload limits may shed while it warms up: retry as a client would.
    for (let retries = 0; response.status === 503 && retries < 20; retries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      response = await attempt();
    }
    if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { accessToken: string; refreshToken: string };
  };
  // Without ADMIN_EMAIL/ADMIN_PASSWORD the app made admin@localhost with a password in a file.
  const admin = config.auth.firstAdmin ?? {
    email: 'admin@localhost',
    password: (await readFile(join(dataDir, 'initial-admin-password'), 'utf8')).trim(),
  };
  const adminToken = (await signIn(admin.email, admin.password)).accessToken;

  const newUser = async (role: 'admin' | 'manager' | 'member' | 'viewer' = 'member') => {
    const email = `${role}-${randomBytes(6).toString('hex')}@test.local`;
    const password = 'a long enough password';
    const response = await fetch(`${url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ email, name: `Test ${role}`, password, role }),
    });
    if (response.status !== 201) throw new Error(`adding ${email} answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    return { id, email, accessToken: (await signIn(email, password)).accessToken };
  };

  return {
    app,
    baseUrl: url,
    adminToken,
    signIn,
    newUser,
    database: database ? 'postgres' : 'embedded',
    databaseUrl: database?.url ?? null,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {
        ...(options.anonymous ? {} : { authorization: `Bearer ${options.token ?? adminToken}` }),
        ...options.headers,
      };
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close(signal) {
      // Nest's close() hands the signal to the shutdown hooks; its interface leaves it out.
      await (app as unknown as { close(signal?: string): Promise<void> }).close(signal);
      if (database) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates `<name>_<random>` on the server of `url`, refusing any name without "test".
 * The server's maintenance database `postgres` issues the CREATE and DROP, so the
 * database named in `url` need not exist.
 */
export async function createTestDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const parsed = new URL(url);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const baseName = decodeURIComponent(parsed.pathname.slice(1)) || 'postgres';
  if (!/test/i.test(baseName)) {
    throw new Error(
      `refusing to run tests against database "${baseName}": its name must contain "test"`,
    );
  }
  const name = `${baseName}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  parsed.pathname = `/${name}`;
  return {
    url: parsed.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
