import { type ChildProcess, spawn } from 'node:child_process';
import type { TestApp, TestResponse } from './test-app.js';

export interface Replica {
  baseUrl: string;
  /** A request to the replica, with `t`'s admin token (the replica shares its JWT_SECRET). */
  request(method: string, path: string, options?: { body?: unknown }): Promise<TestResponse>;
  close(): Promise<void>;
}

/**
 * A second instance of the app `t`, in a process of its own, on `t`'s database and the
 * REDIS_URL of the test run: two replicas behind one load balancer. `t` must have been
 * started with `jwtSecret` as JWT_SECRET, so that its tokens are good on the replica.
 */
export async function startReplica(t: TestApp, jwtSecret: string, env: Record<string, string> = {}): Promise<Replica> {
  if (!t.databaseUrl) throw new Error('a replica needs an app on PostgreSQL (DATABASE_URL)');
  const child: ChildProcess = spawn(process.execPath, ['--import', './test/support/child/register-ts.mjs', 'test/support/child/replica.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      SHUTDOWN_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the replica did not start: ${output.slice(-2000)}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"listening":"([^"]+)"\}/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the replica exited ${code}: ${output.slice(-2000)}`));
    });
  });
  const token = (t as TestApp & { adminToken: string }).adminToken;
  return {
    baseUrl,
    async request(method, path, options = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      const json = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
      return { status: response.status, headers: response.headers, body: json };
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
