import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestOptions, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let taskId: string;

beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  const created = await t.request('POST', '/tasks', { body: { title: 'Existing' } });
  taskId = created.body.id;
});
afterAll(async () => {
  await t?.close();
});

const json = (body: unknown): RequestOptions => ({ body });
/** `depth` arrays, one inside the other. */
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const raw = (rawBody: string, contentType = 'application/json'): RequestOptions => ({
  rawBody,
  headers: { 'content-type': contentType },
});

interface Case {
  name: string;
  method: string;
  path: string | (() => string);
  options?: RequestOptions;
  status: number;
  /** The field the problem must name, when it names one. */
  field?: string;
}

const cases: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/tasks', options: raw('{"title": '), status: 400 },
  { name: 'empty JSON body', method: 'POST', path: '/tasks', options: raw(''), status: 400 },
  { name: 'no body at all', method: 'POST', path: '/tasks', status: 400, field: 'body' },
  { name: 'JSON array body', method: 'POST', path: '/tasks', options: json([{ title: 'x' }]), status: 400, field: 'body' },
  { name: 'JSON null body', method: 'POST', path: '/tasks', options: raw('null'), status: 400, field: 'body' },
  { name: 'JSON string body', method: 'POST', path: '/tasks', options: raw('"task"'), status: 400, field: 'body' },
  { name: 'text/plain body', method: 'POST', path: '/tasks', options: raw('title=x', 'text/plain'), status: 415 },
  { name: 'form body', method: 'POST', path: '/tasks', options: raw('title=x', 'application/x-www-form-urlencoded'), status: 415 },
  { name: 'oversized body', method: 'POST', path: '/tasks', options: json({ title: 'x', description: 'd'.repeat(70_000) }), status: 413 },
  { name: 'missing title', method: 'POST', path: '/tasks', options: json({}), status: 400, field: 'title' },
  { name: 'blank title', method: 'POST', path: '/tasks', options: json({ title: '   ' }), status: 400, field: 'title' },
  { name: 'title too long', method: 'POST', path: '/tasks', options: json({ title: 'x'.repeat(201) }), status: 400, field: 'title' },
  { name: 'title a number', method: 'POST', path: '/tasks', options: json({ title: 42 }), status: 400, field: 'title' },
  { name: 'description too long', method: 'POST', path: '/tasks', options: json({ title: 'x', description: 'd'.repeat(10_001) }), status: 400, field: 'description' },
  { name: 'unknown priority', method: 'POST', path: '/tasks', options: json({ title: 'x', priority: 'p1' }), status: 400, field: 'priority' },
  { name: 'status on create', method: 'POST', path: '/tasks', options: json({ title: 'x', status: 'done' }), status: 400, field: 'status' },
  { name: 'unknown field', method: 'POST', path: '/tasks', options: json({ title: 'x', owner: 'me' }), status: 400, field: 'owner' },
  { name: 'due date with a time', method: 'POST', path: '/tasks', options: json({ title: 'x', dueDate: '2026-12-01T10:00:00Z' }), status: 400, field: 'dueDate' },
  { name: 'due date in year 0', method: 'POST', path: '/tasks', options: json({ title: 'x', dueDate: '0000-01-01' }), status: 400, field: 'dueDate' },
  { name: 'impossible due date', method: 'POST', path: '/tasks', options: json({ title: 'x', dueDate: '2026-02-30' }), status: 400, field: 'dueDate' },
  { name: 'assignee not a UUID', method: 'POST', path: '/tasks', options: json({ title: 'x', assigneeId: 'bob' }), status: 400, field: 'assigneeId' },
  { name: 'tags not a list', method: 'POST', path: '/tasks', options: json({ title: 'x', tags: 'a,b' }), status: 400, field: 'tags' },
  { name: 'too many tags', method: 'POST', path: '/tasks', options: json({ title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), status: 400, field: 'tags' },
  { name: 'tag with spaces', method: 'POST', path: '/tasks', options: json({ title: 'x', tags: ['two words'] }), status: 422, field: 'tags' },
  { name: '__proto__ field', method: 'POST', path: '/tasks', options: raw('{"title":"x","__proto__":{"admin":true}}'), status: 400 },
  { name: 'id not a UUID', method: 'GET', path: '/tasks/42', status: 400, field: 'id' },
  { name: 'id with SQL', method: 'GET', path: `/tasks/${encodeURIComponent("1' OR '1'='1")}`, status: 400, field: 'id' },
  { name: 'limit zero', method: 'GET', path: '/tasks?limit=0', status: 400, field: 'limit' },
  { name: 'limit too large', method: 'GET', path: '/tasks?limit=101', status: 400, field: 'limit' },
  { name: 'limit not a number', method: 'GET', path: '/tasks?limit=ten', status: 400, field: 'limit' },
  { name: 'unknown sort', method: 'GET', path: '/tasks?sort=password', status: 400, field: 'sort' },
  { name: 'unknown status filter', method: 'GET', path: '/tasks?status=todo,finished', status: 400, field: 'status' },
  { name: 'bad dueBefore', method: 'GET', path: '/tasks?dueBefore=tomorrow', status: 400, field: 'dueBefore' },
  { name: 'bad assignee filter', method: 'GET', path: '/tasks?assigneeId=x', status: 400, field: 'assigneeId' },
  { name: 'unknown query parameter', method: 'GET', path: '/tasks?owner=me', status: 400, field: 'owner' },
  { name: 'garbage cursor', method: 'GET', path: '/tasks?cursor=%%%', status: 400 },
  { name: 'forged cursor', method: 'GET', path: `/tasks?cursor=${Buffer.from('["-createdAt","x","y"]').toString('base64url')}`, status: 400, field: 'cursor' },
  { name: 'empty PATCH', method: 'PATCH', path: () => `/tasks/${taskId}`, options: json({}), status: 400, field: 'body' },
  { name: 'PATCH title null', method: 'PATCH', path: () => `/tasks/${taskId}`, options: json({ title: null }), status: 400, field: 'title' },
  { name: 'PATCH unknown status', method: 'PATCH', path: () => `/tasks/${taskId}`, options: json({ status: 'finished' }), status: 400, field: 'status' },
  { name: 'PATCH id field', method: 'PATCH', path: () => `/tasks/${taskId}`, options: json({ id: randomUUID() }), status: 400, field: 'id' },
  { name: 'PATCH version field', method: 'PATCH', path: () => `/tasks/${taskId}`, options: json({ version: 9 }), status: 400, field: 'version' },
  { name: 'malformed If-Match', method: 'PATCH', path: () => `/tasks/${taskId}`, options: { body: { title: 'y' }, headers: { 'if-match': 'version-1' } }, status: 400, field: 'If-Match' },
  { name: 'If-Match list naming no current version', method: 'DELETE', path: () => `/tasks/${taskId}`, options: { headers: { 'if-match': '"2", "3"' } }, status: 412 },
  { name: 'foreign If-Match tag on PATCH', method: 'PATCH', path: () => `/tasks/${taskId}`, options: { body: { title: 'y' }, headers: { 'if-match': '"stale-0"' } }, status: 412 },
  { name: 'foreign If-Match tag on DELETE', method: 'DELETE', path: () => `/tasks/${taskId}`, options: { headers: { 'if-match': 'W/"stale-0"' } }, status: 412 },
  { name: 'If-Match that is no tag list', method: 'DELETE', path: () => `/tasks/${taskId}`, options: { headers: { 'if-match': '"1" "2"' } }, status: 400, field: 'If-Match' },
  { name: 'unknown route', method: 'GET', path: '/nothing-here', status: 404 },
  { name: 'JSON nested 5,000 deep inside a field', method: 'POST', path: '/tasks', options: raw(`{"title":"x","tags":${deep(5_000)}}`), status: 400, field: 'body' },
  { name: 'JSON nested 30,000 deep with an Idempotency-Key', method: 'POST', path: '/tasks', options: { ...raw(`{"title":"x","tags":${deep(30_000)}}`), headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1' } }, status: 400, field: 'body' },
  { name: 'JSON nested deep on PATCH', method: 'PATCH', path: () => `/tasks/${taskId}`, options: raw(`{"tags":${deep(5_000)}}`), status: 400, field: 'body' },
  { name: 'JSON nested deep on a template', method: 'POST', path: '/process-templates', options: raw(`{"name":"x","steps":[{"key":"a","name":"A","durationDays":1,"dependsOn":${deep(5_000)}}]}`), status: 400, field: 'body' },
  { name: 'JSON objects nested deep', method: 'POST', path: '/tasks', options: raw(`${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`), status: 400, field: 'body' },
  { name: 'JSON nested just within the limit', method: 'POST', path: '/tasks', options: raw(`{"title":"x","tags":${deep(31)}}`), status: 400, field: 'tags' },
  { name: 'malformed percent-encoding in the path', method: 'GET', path: '/tasks/%E0%A4%A', status: 400 },
  { name: 'unknown method on route', method: 'PUT', path: () => `/tasks/${taskId}`, options: json({ title: 'x' }), status: 404 },
];

describe('malformed requests', () => {
  it.each(cases)('$name -> $status problem', async ({ method, path, options, status, field }) => {
    const before = await t.request('GET', '/tasks?limit=100');
    const response = await t.request(method, typeof path === 'function' ? path() : path, options);

    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, instance: expect.any(String), traceId: expect.any(String) });
    expect(response.body.type).toMatch(/^(urn:process-todo:problem:|about:blank$)/);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    if (field) {
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Nothing was written on the way to the error.
    const after = await t.request('GET', '/tasks?limit=100');
    expect(after.body).toEqual(before.body);
  });
});

describe('requests the HTTP parser refuses', () => {
  /** Raw bytes to the app; everything it answered before closing the connection. */
  const send = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.baseUrl).port), '127.0.0.1', () => socket.write(bytes));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', (error) => (received ? resolve(received) : reject(error)));
    });

  it.each([
    ['a 100 KB header', `GET /tasks HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`, 431, 'headers-too-large'],
    ['a request line that is not HTTP', 'HELLO /tasks\r\n\r\n', 400, 'malformed-request'],
  ])('answers %s with a %i problem', async (_name, bytes, status, type) => {
    const answer = await send(bytes);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: `urn:process-todo:problem:${type}`,
      status,
    });
  });
});
