import { Controller, Get, Global, type INestApplicationContext, Logger, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoopbackReceiver } from '../../../test/support/loopback-receiver.js';
import { APP_CONFIG } from '../../config/app-config.js';
import { loadConfig } from '../../config/load-config.js';
import { ProblemDetailsFilter } from '../../shared/interface/problem-details.filter.js';
import { requestIdOf } from '../http/request-id.js';
import { runInRequestContext } from '../logging/trace-context.js';
import { METRICS_REGISTRY } from '../metrics/metrics-registry.js';
import { OUTBOUND_METRIC_PROVIDERS } from '../metrics/prometheus-outbound-metrics.js';
import { OUTBOUND_METRICS } from './outbound-metrics.js';
import type { HttpClient } from './http-client.js';
import { HttpClientModule, InjectHttpClient, httpClientToken } from './http-client.module.js';
import { HttpClients } from './http-clients.js';
import { w3cTraceIdOf } from './trace-headers.js';

const ENV = { RETRY_WAIT_SECONDS: '0.01', MAX_RETRY_ATTEMPTS: '1', CIRCUIT_BREAKER_THRESHOLD: '2', CIRCUIT_BREAKER_HALF_OPEN_SECONDS: '30' };

let receiver: LoopbackReceiver;
let app: INestApplicationContext | undefined;

beforeEach(async () => {
  receiver = await LoopbackReceiver.start(() => ({ status: 200, body: { ok: true } }));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app?.close();
  app = undefined;
  await receiver.close();
});

/** What CoreModule and MetricsModule give every module of the app; no registry is METRICS_ENABLED=false. */
function core(registry: Registry | null = new Registry()) {
  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: loadConfig(ENV) },
      ...(registry ? [{ provide: METRICS_REGISTRY, useValue: registry }, ...OUTBOUND_METRIC_PROVIDERS] : []),
    ],
    exports: [APP_CONFIG, ...(registry ? [OUTBOUND_METRICS] : [])],
  })
  class CoreStandIn {}
  return CoreStandIn;
}

async function context(metadata: ModuleMetadata, registry?: Registry | null): Promise<INestApplicationContext> {
  @Module({ ...metadata, imports: [core(registry), ...(metadata.imports ?? [])] })
  class Features {}
  // A module that fails at start rejects here, instead of ending the process.
  app = await NestFactory.createApplicationContext(Features, { abortOnError: false });
  return app;
}

describe('HttpClientModule.register', () => {
  it('refuses options it cannot work with, naming every problem', () => {
    expect(() => HttpClientModule.register({ name: 'E-mail', baseURL: 'ftp://mail.internal', timeoutMs: 0 })).toThrow(
      'HttpClientModule.register("E-mail"): name "E-mail" is not lowercase letters, digits, - and _; baseURL is not an http(s) URL; timeoutMs is not a positive integer of ms',
    );
    expect(() => HttpClientModule.register({ name: 'email', baseURL: 'mail.internal' })).toThrow(/baseURL is not an http\(s\) URL/);
  });

  it('gives each service its own client under its own token, and lists their circuits', async () => {
    const other = await LoopbackReceiver.start(() => ({ status: 202 }));
    try {
      const nest = await context({
        imports: [
          HttpClientModule.register({ name: 'email', baseURL: `${receiver.url}/mail` }),
          HttpClientModule.register({ name: 'webhooks', baseURL: other.url }),
        ],
      });
      const email = nest.get<HttpClient>(httpClientToken('email'));
      const webhooks = nest.get<HttpClient>(httpClientToken('webhooks'));
      expect(await email.request({ method: 'GET', path: '/status' })).toMatchObject({ status: 200 });
      expect(await webhooks.request({ method: 'POST', path: '/hooks', body: {} })).toMatchObject({ status: 202 });
      expect(receiver.requests.map((r) => r.url)).toEqual(['/mail/status']);
      expect(other.requests.map((r) => r.url)).toEqual(['/hooks']);
      expect(nest.get(HttpClients).circuits()).toEqual([
        { name: 'email', state: 'closed' },
        { name: 'webhooks', state: 'closed' },
      ]);
    } finally {
      await other.close();
    }
  });

  it('keeps every path under baseURL, one that looks absolute too', async () => {
    const nest = await context({ imports: [HttpClientModule.register({ name: 'email', baseURL: `${receiver.url}/mail` })] });
    await nest.get<HttpClient>(httpClientToken('email')).request({ method: 'GET', path: 'http://169.254.169.254/latest' });
    expect(receiver.requests.map((r) => r.url)).toEqual(['/mail/http://169.254.169.254/latest']);
  });

  it('refuses to start with one service registered twice (one breaker per upstream)', async () => {
    await expect(
      context({
        imports: [
          HttpClientModule.register({ name: 'email', baseURL: receiver.url }),
          HttpClientModule.register({ name: 'email', baseURL: receiver.url }),
        ],
      }),
    ).rejects.toThrow('the HTTP client "email" is registered twice');
  });

  it('refuses to start with an attempt timeout longer than the budget', async () => {
    await expect(
      context({ imports: [HttpClientModule.register({ name: 'email', baseURL: receiver.url, timeoutMs: 1_000, attemptTimeoutMs: 2_000 })] }),
    ).rejects.toThrow('attemptTimeoutMs (2000) is longer than timeoutMs (1000)');
  });

  it('works without metrics (METRICS_ENABLED=false)', async () => {
    const nest = await context({ imports: [HttpClientModule.register({ name: 'email', baseURL: receiver.url })] }, null);
    expect(await nest.get<HttpClient>(httpClientToken('email')).request({ method: 'GET', path: '/' })).toMatchObject({ status: 200 });
  });
});

describe('a failed call inside a request', () => {
  @Controller('notify')
  class NotifyController {
    constructor(@InjectHttpClient('email') private readonly email: HttpClient) {}

    @Get()
    async notify(): Promise<unknown> {
      return (await this.email.request({ method: 'GET', path: '/send' })).data;
    }
  }

  async function server(): Promise<NestFastifyApplication> {
    @Module({
      imports: [core(), HttpClientModule.register({ name: 'email', baseURL: receiver.url })],
      controllers: [NotifyController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    })
    class Api {}
    const nest = await NestFactory.create<NestFastifyApplication>(Api, new FastifyAdapter({ genReqId: requestIdOf }));
    // What installHttpRequestContext does, without its request line.
    nest.getHttpAdapter().getInstance().addHook('onRequest', (request, _reply, done) => runInRequestContext(request, done));
    await nest.init();
    await nest.getHttpAdapter().getInstance().ready();
    app = nest;
    return nest;
  }

  it("answers 503 upstream-unavailable, with Retry-After, and logs our error, not the upstream's", async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    receiver.answer = () => ({ status: 502, headers: { 'set-cookie': 'session=upstream-secret' }, body: { stack: 'upstream internals' } });
    const fastify = (await server()).getHttpAdapter().getInstance();

    const response = await fastify.inject({ method: 'GET', url: '/notify', headers: { 'x-request-id': 'req-42' } });

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({
      type: 'urn:process-todo:problem:upstream-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the email service is unavailable: it answered with a server error; retry after the delay in Retry-After',
      instance: '/notify',
      traceId: 'req-42',
    });
    // The request's trace went upstream with both attempts.
    expect(receiver.requests.map((r) => [r.headers['x-request-id'], (r.headers.traceparent as string).slice(3, 35)])).toEqual([
      ['req-42', w3cTraceIdOf('req-42')],
      ['req-42', w3cTraceIdOf('req-42')],
    ]);
    const logged = errors.mock.calls.map(([line]) => (line as { error: Error }).error);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ name: 'UpstreamUnavailableError', code: 'UPSTREAM_UNAVAILABLE' });
    expect(logged[0]!.cause).toBeUndefined();
    expect(JSON.stringify(errors.mock.calls)).not.toMatch(/upstream-secret|upstream internals/);
  });

  it('tells when the open circuit lets calls through again', async () => {
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    receiver.answer = () => ({ status: 503 });
    const fastify = (await server()).getHttpAdapter().getInstance();

    await fastify.inject({ method: 'GET', url: '/notify' }); // two failed attempts open the circuit
    const refused = await fastify.inject({ method: 'GET', url: '/notify' });

    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ type: 'urn:process-todo:problem:upstream-unavailable', detail: expect.stringMatching(/paused/) });
    // CIRCUIT_BREAKER_HALF_OPEN_SECONDS is 30: the circuit half-opens within 30 s, not the default 5.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(5);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(receiver.requests).toHaveLength(2);
  });
});
