import { Global, Logger, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closedPort, eventually } from '../../../test/support/eventually.js';
import { type Answer, LoopbackReceiver } from '../../../test/support/loopback-receiver.js';
import { APP_CONFIG } from '../../config/app-config.js';
import { loadConfig } from '../../config/load-config.js';
import { runInTraceContext } from '../logging/trace-context.js';
import { METRICS_REGISTRY } from '../metrics/metrics-registry.js';
import { OUTBOUND_METRIC_PROVIDERS } from '../metrics/prometheus-outbound-metrics.js';
import { OUTBOUND_METRICS } from './outbound-metrics.js';
import type { HttpClient } from './http-client.js';
import { HttpClientModule, httpClientToken } from './http-client.module.js';
import type { HttpClientOptions } from './http-client.options.js';
import { HttpClients } from './http-clients.js';
import { UpstreamUnavailableError } from './upstream-unavailable.error.js';

/** Small waits, so that a test takes a fraction of a second; the receiver's timings are only compared. */
const ENV = {
  REQUEST_TIMEOUT_MS: '5000',
  REQUEST_ATTEMPT_TIMEOUT_MS: '2000',
  MAX_RETRY_ATTEMPTS: '3',
  RETRY_WAIT_SECONDS: '0.02',
  RETRY_BACKOFF_MULTIPLIER: '2',
  CIRCUIT_BREAKER_THRESHOLD: '5',
  CIRCUIT_BREAKER_HALF_OPEN_SECONDS: '0.2',
};

interface Subject {
  client: HttpClient;
  clients: HttpClients;
  registry: Registry;
}

let receiver: LoopbackReceiver;
let app: INestApplicationContext | undefined;
/** The external_api_call lines, in order, with their level. */
let lines: Record<string, unknown>[];

/** An app with one client of `receiver` (or of `baseURL`), on its own registry. */
async function subject(env: Record<string, string> = {}, options: Partial<HttpClientOptions> = {}): Promise<Subject> {
  const registry = new Registry();
  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: loadConfig({ ...ENV, ...env }) },
      { provide: METRICS_REGISTRY, useValue: registry },
      ...OUTBOUND_METRIC_PROVIDERS,
    ],
    exports: [APP_CONFIG, OUTBOUND_METRICS],
  })
  class CoreStandIn {}
  @Module({ imports: [CoreStandIn, HttpClientModule.register({ name: 'example', baseURL: receiver.url, ...options })] })
  class ExampleModule {}
  app = await NestFactory.createApplicationContext(ExampleModule);
  return { client: app.get<HttpClient>(httpClientToken('example')), clients: app.get(HttpClients), registry };
}

/** Answers each of `answers` in turn (a number: that status; `hang`: nothing), then 200 `{ ok: true }`. */
const inTurn =
  (...answers: (number | Answer)[]) =>
  (index: number): Answer => {
    const answer = answers[index];
    if (answer === undefined) return { status: 200, body: { ok: true } };
    return typeof answer === 'number' ? { status: answer, body: { error: 'upstream says no' } } : answer;
  };

async function failureOf(call: Promise<unknown>): Promise<UpstreamUnavailableError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamUnavailableError);
  return error as UpstreamUnavailableError;
}

/** `name{labels}` -> value, for every series of a metric (a histogram's `_count` series only). */
async function series(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name)!;
  const values = (await metric.get()).values as { metricName?: string; labels: Record<string, unknown>; value: number }[];
  return Object.fromEntries(
    values
      .filter((v) => v.metricName === undefined || v.metricName.endsWith('_count'))
      .map((v) => [Object.values(v.labels).join(','), v.value]),
  );
}

beforeEach(async () => {
  receiver = await LoopbackReceiver.start(inTurn());
  lines = [];
  for (const level of ['log', 'warn'] as const) {
    vi.spyOn(Logger.prototype, level).mockImplementation((line: unknown) => {
      if ((line as { event?: string })?.event === 'external_api_call') lines.push({ level, ...(line as object) });
    });
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app?.close();
  app = undefined;
  await receiver.close();
});

describe('HttpClient retries', () => {
  it('retries a 503 with growing waits, and returns the answer that came through', async () => {
    const { client } = await subject({ RETRY_WAIT_SECONDS: '0.1' });
    receiver.answer = inTurn(503, 503);

    const response = await client.request({ method: 'GET', path: '/things/1' });

    expect(response).toEqual({ status: 200, headers: expect.objectContaining({ 'content-type': 'application/json' }), data: { ok: true } });
    expect(receiver.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /things/1', 'GET /things/1', 'GET /things/1']);
    // 100-125 ms, then 200-250 ms: only the order is asserted, not the times.
    const [first, second] = receiver.gaps();
    expect(second).toBeGreaterThan(first!);
    expect(lines.map(({ attempt, statusCode, outcome, level }) => ({ attempt, statusCode, outcome, level }))).toEqual([
      { attempt: 1, statusCode: 503, outcome: 'server_error', level: 'warn' },
      { attempt: 2, statusCode: 503, outcome: 'server_error', level: 'warn' },
      { attempt: 3, statusCode: 200, outcome: 'success', level: 'log' },
    ]);
  });

  it('returns a 4xx as it is, never retried, and the breaker takes it as a sign of life', async () => {
    const { client, clients } = await subject({ CIRCUIT_BREAKER_THRESHOLD: '2' });
    receiver.answer = () => ({ status: 404, body: { title: 'Not Found' } });

    for (let call = 0; call < 3; call++) {
      expect(await client.request({ method: 'GET', path: '/things/missing' })).toMatchObject({ status: 404, data: { title: 'Not Found' } });
    }
    expect(receiver.requests).toHaveLength(3);
    expect(clients.circuits()).toEqual([{ name: 'example', state: 'closed' }]);
    expect(lines.map((line) => line.outcome)).toEqual(['client_error', 'client_error', 'client_error']);
  });

  it('waits as long as a 429 asks in Retry-After, past its own backoff', async () => {
    const { client } = await subject();
    receiver.answer = inTurn(503, { status: 429, headers: { 'retry-after': '1' } });

    expect(await client.request({ method: 'GET', path: '/quota' })).toMatchObject({ status: 200 });
    const [afterBackoff, afterRetryAfter] = receiver.gaps();
    // The backoff alone would wait 40-50 ms after 20-25 ms; Retry-After: 1 asks for 1 s.
    expect(afterRetryAfter).toBeGreaterThan(5 * afterBackoff!);
    expect(lines.map((line) => line.outcome)).toEqual(['server_error', 'rate_limited', 'success']);
  });

  it('fails at once when Retry-After asks for more than the budget leaves, and passes it on', async () => {
    const { client } = await subject();
    receiver.answer = () => ({ status: 503, headers: { 'retry-after': '120' } });

    const failure = await failureOf(client.request({ method: 'GET', path: '/busy' }));
    expect(failure).toMatchObject({ service: 'example', reason: 'server_error', statusCode: 503, retryAfterSeconds: 120 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a POST only when it carries an idempotency key, which goes with every attempt', async () => {
    const { client } = await subject();
    receiver.answer = inTurn(503, 503);
    const failure = await failureOf(client.request({ method: 'POST', path: '/messages', body: { to: 'ann' } }));
    expect(failure).toMatchObject({ reason: 'server_error', statusCode: 503 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['idempotency-key']).toBeUndefined();

    receiver.requests.length = 0;
    receiver.answer = inTurn(503, 503);
    const sent = await client.request({ method: 'POST', path: '/messages', body: { to: 'ann' }, idempotencyKey: 'message-7' });
    expect(sent.status).toBe(200);
    expect(receiver.requests.map((r) => [r.headers['idempotency-key'], r.headers['content-type'], r.body])).toEqual([
      ['message-7', 'application/json', '{"to":"ann"}'],
      ['message-7', 'application/json', '{"to":"ann"}'],
      ['message-7', 'application/json', '{"to":"ann"}'],
    ]);
  });

  it('retries a connection that is refused, and names the error code', async () => {
    const port = await closedPort();
    const { client } = await subject({ MAX_RETRY_ATTEMPTS: '1' }, { baseURL: `http://127.0.0.1:${port}` });

    const failure = await failureOf(client.request({ method: 'GET', path: '/anything' }));
    expect(failure).toMatchObject({ reason: 'connection_error', statusCode: null });
    expect(lines).toMatchObject([
      { attempt: 1, outcome: 'connection_error', statusCode: null, errorCode: 'ECONNREFUSED' },
      { attempt: 2, outcome: 'connection_error', statusCode: null, errorCode: 'ECONNREFUSED' },
    ]);
  });
});

describe('HttpClient timeouts', () => {
  it('gives an attempt up after the attempt timeout and retries it', async () => {
    const { client } = await subject({ REQUEST_ATTEMPT_TIMEOUT_MS: '100' });
    receiver.answer = inTurn('hang');

    expect(await client.request({ method: 'GET', path: '/slow-once' })).toMatchObject({ status: 200 });
    expect(receiver.requests).toHaveLength(2);
    await eventually(async () => receiver.requests[0]!.abandoned, Boolean, { intervalMs: 10 });
    expect(lines.map((line) => line.outcome)).toEqual(['timeout', 'success']);
  });

  it('ends the whole call when its budget is spent, cutting the attempt under way', async () => {
    // The first attempt runs its 500 ms; the retry starts at about 525 ms and is cut at 700 ms,
    // not left to run its own 500 ms. Four attempts of 500 ms could never fit anyway.
    const { client } = await subject({ REQUEST_TIMEOUT_MS: '700', REQUEST_ATTEMPT_TIMEOUT_MS: '500' });
    receiver.answer = () => 'hang';

    const failure = await failureOf(client.request({ method: 'GET', path: '/never' }));
    expect(failure).toMatchObject({ reason: 'timeout', statusCode: null });
    expect(receiver.requests).toHaveLength(2);
    const [first, retried] = await eventually(
      async () => receiver.requests.map((r) => (r.abandonedAt === undefined ? undefined : r.abandonedAt - r.at)),
      (open) => open.every((ms) => ms !== undefined),
      { intervalMs: 10 },
    );
    expect(retried).toBeLessThan(first! / 2);
  });

  it("lets a slow service's client take its whole own budget in one attempt", async () => {
    const { client } = await subject({}, { timeoutMs: 300 });
    receiver.answer = () => 'hang';

    expect(await failureOf(client.request({ method: 'GET', path: '/report' }))).toMatchObject({ reason: 'timeout' });
    expect(receiver.requests).toHaveLength(1);
    // The attempt's line is written as its own timeout unwinds, beside the call's.
    await eventually(async () => lines.length, (n) => n > 0, { intervalMs: 10 });
    expect(lines).toMatchObject([{ attempt: 1, outcome: 'timeout' }]);
  });
});

describe('HttpClient circuit breaker', () => {
  it('opens after repeated failed attempts, refuses calls without sending them, and half-opens after the delay', async () => {
    const { client, clients, registry } = await subject({ CIRCUIT_BREAKER_THRESHOLD: '2' });
    receiver.answer = () => ({ status: 503 });

    // The second failed attempt opens the circuit; the retry scheduled after it is refused
    // and not retried again (the breaker's own BrokenCircuitError is no failure to retry).
    const opened = await failureOf(client.request({ method: 'GET', path: '/down' }));
    expect(opened).toMatchObject({ reason: 'circuit_open', retryAfterSeconds: 1 });
    expect(receiver.requests).toHaveLength(2);
    expect(await series(registry, 'outbound_retries_total')).toEqual({ example: 2 });
    expect(clients.circuits()).toEqual([{ name: 'example', state: 'open' }]);
    expect(await series(registry, 'outbound_circuit_state')).toEqual({ example: 2 });

    const refused = await failureOf(client.request({ method: 'GET', path: '/down' }));
    expect(refused).toMatchObject({ reason: 'circuit_open', statusCode: null, retryAfterSeconds: 1 });
    expect(receiver.requests).toHaveLength(2);
    expect(lines.at(-1)).toMatchObject({ attempt: 1, outcome: 'circuit_open', statusCode: null, level: 'warn' });

    // After the delay one trial call goes through; it fails, and the circuit opens again.
    await sleep(250);
    await failureOf(client.request({ method: 'GET', path: '/down' }));
    expect(receiver.requests).toHaveLength(3);
    expect(clients.circuits()).toEqual([{ name: 'example', state: 'open' }]);

    // The next trial succeeds, and the circuit closes.
    await sleep(250);
    receiver.answer = inTurn();
    expect(await client.request({ method: 'GET', path: '/down' })).toMatchObject({ status: 200 });
    expect(receiver.requests).toHaveLength(4);
    expect(clients.circuits()).toEqual([{ name: 'example', state: 'closed' }]);
    expect(await series(registry, 'outbound_circuit_state')).toEqual({ example: 0 });
  });
});

describe('HttpClient observability', () => {
  const UUID = '3f2b8c1e-9d4a-4c7b-8e21-5a6f0b9c3d17';

  it('sends the trace as traceparent (a new span per attempt) and x-request-id', async () => {
    const { client } = await subject();
    receiver.answer = inTurn(503);

    await runInTraceContext(() => client.request({ method: 'GET', path: '/traced' }), { traceId: UUID });

    const traceparents = receiver.requests.map((r) => r.headers.traceparent as string);
    for (const traceparent of traceparents) expect(traceparent).toMatch(/^00-3f2b8c1e9d4a4c7b8e215a6f0b9c3d17-[\da-f]{16}-01$/);
    expect(new Set(traceparents).size).toBe(2);
    expect(receiver.requests.map((r) => r.headers['x-request-id'])).toEqual([UUID, UUID]);
  });

  it('sends no trace headers outside a trace context', async () => {
    const { client } = await subject();
    await client.request({ method: 'GET', path: '/untraced' });
    expect(receiver.requests[0]!.headers).not.toHaveProperty('traceparent');
    expect(receiver.requests[0]!.headers).not.toHaveProperty('x-request-id');
  });

  it('logs each attempt as external_api_call, never its headers, body or query', async () => {
    const { client } = await subject();
    receiver.answer = () => ({ status: 201, body: { id: 'm-1', secret: 'from-upstream' } });

    await client.request({
      method: 'POST',
      path: '/messages?api_key=k3y',
      headers: { authorization: 'Bearer s3cret' },
      body: { password: 'hunter2' },
      idempotencyKey: 'message-8',
    });

    expect(receiver.requests[0]!.headers.authorization).toBe('Bearer s3cret');
    expect(lines).toEqual([
      {
        level: 'log',
        message: 'External API call',
        category: 'system',
        event: 'external_api_call',
        service: 'example',
        endpoint: '/messages',
        method: 'POST',
        statusCode: 201,
        duration: expect.any(Number),
        attempt: 1,
        outcome: 'success',
      },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/s3cret|hunter2|k3y|from-upstream/);
  });

  it('counts calls by outcome, attempts, retries and the circuit, every series there from the start', async () => {
    const { client, registry } = await subject();
    expect(await series(registry, 'outbound_attempts_total')).toEqual({
      'example,success': 0,
      'example,client_error': 0,
      'example,server_error': 0,
      'example,rate_limited': 0,
      'example,timeout': 0,
      'example,connection_error': 0,
    });

    receiver.answer = inTurn(503, { status: 404 });
    await client.request({ method: 'GET', path: '/a' }); // 503, then 404
    await client.request({ method: 'GET', path: '/b' }); // 200

    expect(await series(registry, 'outbound_attempts_total')).toMatchObject({
      'example,success': 1,
      'example,client_error': 1,
      'example,server_error': 1,
    });
    expect(await series(registry, 'outbound_request_duration_seconds')).toEqual({
      'example,success': 1,
      'example,client_error': 1,
      'example,server_error': 0,
      'example,rate_limited': 0,
      'example,timeout': 0,
      'example,connection_error': 0,
      'example,circuit_open': 0,
    });
    expect(await series(registry, 'outbound_retries_total')).toEqual({ example: 1 });
    expect(await series(registry, 'outbound_circuit_state')).toEqual({ example: 0 });
  });
});
