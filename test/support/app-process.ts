import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryArgs } from './child/entry.js';
import { closedPort } from './eventually.js';
import { createTestDatabase, TEST_ADMIN, TEST_APP_ENV } from './test-app.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  baseUrl: string;
  child: ChildProcess;
  /** What it wrote to stdout and stderr so far (its log lines). */
  output(): string;
  /** Settles when the process exits. */
  readonly exited: Promise<ProcessExit>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

/** Where a group of processes keeps its data: one PostgreSQL database (DATABASE_URL set) or one embedded data directory. */
export interface SharedStore {
  /** The environment that points a process at the store. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh store for processes of the real entry point: a new database on the server of
 * DATABASE_URL (with REDIS_URL passed on), or a new DATA_DIR for the embedded database, which
 * only one process at a time may open.
 */
export async function createSharedStore(): Promise<SharedStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'process-todo-proc-'));
  const database = process.env.DATABASE_URL ? await createTestDatabase(process.env.DATABASE_URL) : null;
  return {
    env: {
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    },
    async drop() {
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The real entry point (src/main.ts) in a process of its own on a loopback port, as an
 * orchestrator runs it: its own signals, its own exit code. Resolves once /health/live
 * answers. Only the variables given (and PATH, HOME) reach it: no DATABASE_URL or REDIS_URL
 * of the test run unless `env` passes them.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await closedPort();
  const child = spawn(process.execPath, entryArgs('src/main.ts'), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: process.env.TZ,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...TEST_APP_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; ; i++) {
    if (await fetch(`${baseUrl}/health/live`).then((r) => r.ok, () => false)) break;
    if (gone || i > 240) {
      child.kill('SIGKILL');
      throw new Error(`the app process did not start: ${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!gone) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Signs in at `baseUrl` (the test admin by default) and returns the access token. */
export async function signInAt(baseUrl: string, email = TEST_ADMIN.email, password = TEST_ADMIN.password): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in at ${baseUrl} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
