import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removePassThroughEnhancers } from '../src/platform/http/pass-through-enhancers.js';
import { runInTraceContext } from '../src/platform/logging/trace-context.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Line = Record<string, any>;

/** Every line the app writes, parsed; a line that is no JSON object fails the test. */
const written: string[] = [];
const logStream = { write: (chunk: string) => void written.push(chunk) };
const lines = (): Line[] =>
  written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as Line);

const SCHEMA = [
  'timestamp', 'level', 'message', 'service', 'version', 'environment', 'traceId', 'requestId',
  'userId', 'useCase', 'duration', 'context', 'metadata', 'category',
];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Lines are written asynchronously after the response (the request line on 'finish'). */
async function linesOf(traceId: string, until: (found: Line[]) => boolean = () => true): Promise<Line[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = lines().filter((line) => line.traceId === traceId);
    if (found.some((line) => line.event === 'http_request') && until(found)) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return lines().filter((line) => line.traceId === traceId);
}

function expectSchema(line: Line): void {
  for (const field of SCHEMA) expect(line, `${field} in ${JSON.stringify(line)}`).toHaveProperty(field);
  expect(line.timestamp).toMatch(TIMESTAMP);
  expect(['error', 'warn', 'info', 'debug', 'trace']).toContain(line.level);
  expect(line).toMatchObject({ service: 'process-todo', environment: 'test' });
  // null outside a signed-in request; the user of the access token inside one.
  expect(line.userId === null || /^[0-9a-f-]{36}$/.test(String(line.userId)), `userId of ${JSON.stringify(line)}`).toBe(true);
  expect(line.version).toMatch(/^\d+\.\d+\.\d+/);
  for (const field of ['req', 'reqId', 'res', 'err', 'pid', 'hostname', 'time', 'msg']) expect(line).not.toHaveProperty(field);
}

const TASK = { title: 'Write the log test', priority: 'high' };

let t: TestApp;
let adminId: string;
beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'debug', SLOW_QUERY_MS: '1' }, { logStream });
  adminId = (await t.request('GET', '/me')).body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('structured logging (SPEC-LOG-2)', () => {
  it('writes every line, Nest start-up included, as one JSON object in the schema', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(0);
    for (const line of all) expectSchema(line);
    expect(all.some((line) => line.component === 'NestApplication')).toBe(true);
  });

  it("runs every request without nestjs-cls's pass-through guard and interceptor (createApp took them out)", () => {
    expect(removePassThroughEnhancers(t.app)).toBe(0);
  });

  it('ties the request line, the use case, its SQL and its business event to the request id', async () => {
    const response = await t.request('POST', '/tasks', { body: TASK, headers: { 'user-agent': 'log-test/1.0' } });
    expect(response.status).toBe(201);
    const traceId = response.headers.get('x-request-id')!;
    expect(traceId).toMatch(UUID);

    const found = await linesOf(traceId, (l) => l.some((line) => line.event === 'task_created'));
    const request = found.find((line) => line.event === 'http_request');
    const useCase = found.find((line) => line.message === 'UseCase executed successfully');
    const sql = found.find((line) => line.event === 'db_query' && /INSERT INTO "tasks"/i.test(String(line.query)));
    const event = found.find((line) => line.event === 'task_created');
    for (const line of [request, useCase, sql, event]) {
      expect(line).toBeDefined();
      expectSchema(line!);
      expect(line).toMatchObject({
        traceId,
        requestId: traceId,
        metadata: { ip: '127.0.0.1', userAgent: 'log-test/1.0', method: 'POST', path: '/tasks' },
      });
      // The signed-in user, from the access token.
      expect(line!.userId).toBe(adminId);
    }
    expect(request).toMatchObject({ level: 'info', message: 'request completed', category: 'system', statusCode: 201 });
    expect(request!.duration).toBeTypeOf('number');
    expect(useCase).toMatchObject({
      level: 'info',
      category: 'business',
      useCase: 'CreateTaskUseCase',
      context: { id: response.body.id },
    });
    expect(useCase!.duration).toBeGreaterThan(0);
    expect(sql).toMatchObject({ level: 'debug', category: 'system', query: expect.stringMatching(/INSERT INTO/i) });
    expect(event).toMatchObject({ category: 'business', message: 'task_created', context: { taskId: response.body.id } });
  });

  it('takes the trace id of a traceparent, and keeps the client x-request-id as requestId', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await t.request('POST', '/tasks', {
      body: TASK,
      headers: { traceparent, 'x-request-id': 'client-req-7' },
    });
    expect(response.headers.get('x-request-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const found = await linesOf('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const line of found) expect(line.requestId).toBe('client-req-7');
  });

  it('logs a failed use case at warn, without stack, with the problem traceId', async () => {
    const id = '6c0f0d1e-8a57-4c1b-9d2e-3f4a5b6c7d8e';
    const response = await t.request('GET', `/tasks/${id}`);
    expect(response.status).toBe(404);
    expect(response.body.traceId).toBe(response.headers.get('x-request-id'));

    const found = await linesOf(response.body.traceId);
    const failed = found.find((line) => line.message === 'UseCase execution failed');
    expect(failed).toMatchObject({
      level: 'warn',
      category: 'error',
      event: 'usecase_error',
      useCase: 'GetTaskQuery',
      context: { id },
      error: { name: 'TaskNotFoundError', code: 'TASK_NOT_FOUND' },
      input: id,
    });
    expect(failed!.error.stack).toBeUndefined();
    expectSchema(failed!);
    expect(found.find((line) => line.event === 'http_request')).toMatchObject({ level: 'warn', statusCode: 404 });
  });

  it('opens a trace context for every route: unknown ones, bad bodies, the API docs', async () => {
    const cases = [
      await t.request('GET', '/no/such/route'),
      await t.request('GET', '/'),
      await t.request('POST', '/tasks', { rawBody: '{"title": ', headers: { 'content-type': 'application/json' } }),
      await t.request('GET', '/docs/openapi.json'),
      await t.request('PATCH', `/cases/6c0f0d1e-8a57-4c1b-9d2e-3f4a5b6c7d8e/steps/review`, { body: { pinned: true } }),
    ];
    for (const response of cases) {
      const traceId = response.headers.get('x-request-id')!;
      const [request] = (await linesOf(traceId)).filter((line) => line.event === 'http_request');
      expect(request, `${traceId}`).toMatchObject({ traceId, statusCode: response.status, metadata: expect.any(Object) });
    }
  });
});

describe('secrets (SPEC-LOG-4)', () => {
  it('never writes a secret sent in headers, body or query, or logged at any depth', async () => {
    // The admin's real access token goes in the Authorization header of the request.
    const secrets = [t.adminToken, 'tok-AAA111', 'cookie-BBB222', 'key-CCC333', 'pw-DDD444', 'tk-EEE555', 'key-FFF666', 'pw-GGG777'];
    const sent = await t.request('POST', '/tasks?api_key=key-FFF666', {
      body: { ...TASK, password: 'pw-DDD444', nested: { token: 'tk-EEE555' } },
      headers: { cookie: 'session=cookie-BBB222', 'x-api-key': 'key-CCC333' },
    });
    expect(sent.status).toBe(400);
    new Logger('SecretTest').warn({
      message: 'deep secrets',
      context: { a: [{ b: { apiKey: 'key-CCC333', databaseUrl: 'postgres://app:pw-GGG777@db/app' } }] },
      headers: { Authorization: 'Bearer tok-AAA111', 'Idempotency-Key': 'idem-1' },
    });

    const found = await linesOf(sent.headers.get('x-request-id')!);
    expect(found.length).toBeGreaterThan(0);
    const output = written.join('');
    for (const secret of secrets) expect(output).not.toContain(secret);
    const deep = lines().find((line) => line.message === 'deep secrets');
    expect(deep).toMatchObject({
      context: { a: [{ b: { apiKey: '[REDACTED]', databaseUrl: '[REDACTED]' } }] },
      headers: { Authorization: '[REDACTED]', 'Idempotency-Key': 'idem-1' },
    });
  });
});

describe('trace context outside HTTP', () => {
  beforeEach(() => {
    written.length = 0;
  });

  it('gives a plain call a trace id, new or carried, that its lines and its SQL carry', async () => {
    await runInTraceContext(
      async () => {
        new Logger('Job').log('job started');
        await new Promise((resolve) => setTimeout(resolve, 5));
        await t.app.get(DataSource).query('SELECT 1 AS one');
        new Logger('Job').log('job finished');
      },
      { traceId: 'job-trace-42' },
    );
    runInTraceContext(() => new Logger('Job').log('fresh job'));
    new Logger('Job').log('no job');

    const job = lines().filter((line) => line.traceId === 'job-trace-42');
    expect(job.map((line) => line.message)).toEqual(
      expect.arrayContaining(['job started', 'SQL query', 'job finished']),
    );
    for (const line of job) expect(line).toMatchObject({ requestId: null, metadata: null });
    expect(lines().find((line) => line.message === 'fresh job')!.traceId).toMatch(UUID);
    expect(lines().find((line) => line.message === 'no job')!.traceId).toBeNull();
  });
});

describe('SQL (SPEC-LOG-3 system and error)', () => {
  beforeEach(() => {
    written.length = 0;
  });

  it('logs a query slower than SLOW_QUERY_MS at warn with its duration', async () => {
    await t.app.get(DataSource).query('SELECT pg_sleep(0.02)');
    const slow = lines().find((line) => line.event === 'slow_query' && /pg_sleep/.test(line.query));
    expect(slow).toMatchObject({ level: 'warn', category: 'system' });
    expect(slow!.duration).toBeGreaterThanOrEqual(10);
    expectSchema(slow!);
  });

  it('logs a failed query at error as database_error', async () => {
    await expect(t.app.get(DataSource).query('SELECT * FROM no_such_table')).rejects.toThrow();
    const failed = lines().find((line) => line.event === 'database_error');
    expect(failed).toMatchObject({
      level: 'error',
      category: 'error',
      query: 'SELECT * FROM no_such_table',
      error: { code: '42P01' },
    });
    expectSchema(failed!);
  });
});

// Last: from its start, the second app receives every line of the process (nestjs-pino has
// one root logger per process), the first app's included.
describe('a second app in the same process, with LOG_FILE', () => {
  let second: TestApp;
  let dir: string;
  const captured: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'process-todo-logs-'));
    second = await startTestApp(
      { LOG_LEVEL: 'info', LOG_FILE: join(dir, 'app.log') },
      { logStream: { write: (chunk: string) => void captured.push(chunk) } },
    );
  });
  afterAll(async () => {
    await second?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gets the lines, at its own level, on its stream and in its rotated file', async () => {
    const response = await second.request('POST', '/tasks', { body: TASK });
    const traceId = response.headers.get('x-request-id')!;
    const mine = async () =>
      captured
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((text) => JSON.parse(text) as Line)
        .filter((line) => line.traceId === traceId);
    for (let i = 0; i < 50 && !(await mine()).some((line) => line.event === 'http_request'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const found = await mine();
    expect(found.map((line) => line.event)).toEqual(
      expect.arrayContaining(['usecase_executed', 'task_created', 'http_request']),
    );
    expect(found.some((line) => line.level === 'debug')).toBe(false);

    const [file] = await readdir(dir);
    expect(file).toMatch(/^app\.\d{4}-\d{2}-\d{2}\.1\.log$/);
    let text = '';
    for (let i = 0; i < 50 && !text.includes(`"traceId":"${traceId}"`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      text = await readFile(join(dir, file!), 'utf8');
    }
    expect(text).toContain(`"traceId":"${traceId}","requestId":"${traceId}"`);
    // Readable by the app's user and its group (the log shipper), nobody else (SPEC-SEC-2).
    expect((await stat(join(dir, file!))).mode & 0o777).toBe(0o640);
  });
});

