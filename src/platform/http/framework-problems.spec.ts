import { connect } from 'node:net';
import Fastify from 'fastify';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { toProblem } from '../../shared/interface/problem-details.js';
import { frameworkProblemOptions, installFrameworkProblems, jsonDepth, MAX_JSON_DEPTH } from './framework-problems.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function app() {
  const fastify = Fastify({ ...frameworkProblemOptions, return503OnClosing: false });
  installFrameworkProblems(fastify);
  // As the app's problem filter does.
  fastify.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request.url, String(request.id));
    return reply.code(problem.status).send(problem);
  });
  let release = () => {};
  let entered = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const inFlight = new Promise<void>((resolve) => (entered = resolve));
  fastify.get('/slow', async () => {
    entered();
    await held;
    return { ok: true };
  });
  fastify.post('/echo', async (request) => request.body);
  apps.push(fastify);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as { port: number };
  return { fastify, port, release, inFlight };
}

/** Sends raw bytes and returns everything the server wrote before closing or going quiet. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    // The server may reset a connection it refuses while we still write: what it said counts.
    socket.on('error', (error) => (received ? resolve(received) : reject(error)));
  });
}

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('answers the framework makes itself', () => {
  it('are 431 problems for oversized headers', async () => {
    const { port } = await app();
    const response = await rawRequest(port, `GET /slow HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(response).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/i);
    expect(bodyOf(response)).toMatchObject({ type: 'urn:process-todo:problem:headers-too-large', status: 431 });
  });

  it('are 400 problems for a request that is not HTTP', async () => {
    const { port } = await app();
    const response = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(response)).toMatchObject({ type: 'urn:process-todo:problem:malformed-request', status: 400 });
  });

  it('are 503 problems with Retry-After and Connection: close once the server closes', async () => {
    const { fastify, port, release, inFlight } = await app();
    // A request in flight keeps its connection open through the close; a second one sent
    // on it after the close began is answered by the closing server.
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closed = fastify.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await closed;
    await ended;
    const second = received.split(/(?=HTTP\/1\.1 )/)[1]!;
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(second).toMatch(/\r\nretry-after: 5\r\n/i);
    expect(second).toMatch(/\r\nconnection: close\r\n/i);
    expect(bodyOf(second)).toMatchObject({ type: 'urn:process-todo:problem:service-unavailable', status: 503 });
  });

  it('refuse JSON nested deeper than the limit before parsing it, and parse the rest as Fastify does', async () => {
    const { fastify } = await app();
    const post = (payload: string) =>
      fastify.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': 'application/json' } });
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect((await post(nested(MAX_JSON_DEPTH))).json()).toEqual(JSON.parse(nested(MAX_JSON_DEPTH)));
    const deep = await post(nested(MAX_JSON_DEPTH + 1));
    expect(deep.statusCode).toBe(400);
    expect((await post('{"__proto__":{"x":1}}')).statusCode).toBe(400);
  });
});

describe('jsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('"[[[[{{{{"')).toBe(0);
    expect(jsonDepth('["\\"[[[", []]')).toBe(2);
    expect(jsonDepth('3')).toBe(0);
  });

  it('agrees with the depth of any JSON value (property)', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object'
        ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
    );
  });
});
