import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MetricsContext, metricsContext } from '../../../test/support/metrics-context.js';
import { HTTP_METRIC_PROVIDERS, HttpMetrics, problemTypeLabel } from './http-metrics.js';

describe('problemTypeLabel', () => {
  it.each([
    ['urn:process-todo:problem:validation-error', 400, 'validation-error'],
    ['urn:process-todo:problem:task-not-found', 404, 'task-not-found'],
    ['urn:process-todo:problem:stale-version', 412, 'stale-version'],
    ['about:blank', 500, 'internal'],
    ['about:blank', 503, 'internal'],
    ['about:blank', 401, 'other'],
  ])('labels %s (%i) as %s', (type, status, label) => {
    expect(problemTypeLabel({ type, status })).toBe(label);
  });
});

describe('HttpMetrics on Fastify', () => {
  let fastify: FastifyInstance;
  let registry: Registry;
  let metrics: HttpMetrics;
  let context: MetricsContext;

  beforeEach(async () => {
    fastify = Fastify();
    context = await metricsContext([...HTTP_METRIC_PROVIDERS, HttpMetrics]);
    registry = context.registry;
    metrics = context.get(HttpMetrics);
    metrics.attach(fastify);
    fastify.get('/tasks/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === 'missing') {
        metrics.problemSent(request, { type: 'urn:process-todo:problem:task-not-found', status: 404 } as never);
        return reply.code(404).send({});
      }
      if (id === 'boom') return reply.code(500).send({});
      return { id };
    });
    fastify.post('/tasks', async (_request, reply) => reply.code(201).send({}));
    fastify.get('/metrics', async () => 'metrics');
    fastify.get('/health/live', async () => ({ status: 'ok' }));
    await fastify.ready();
  });
  afterEach(async () => {
    await fastify.close();
    await context.close();
  });

  async function samples(name: string) {
    return (await registry.getSingleMetric(name)!.get()).values.map((v) => ({ labels: v.labels, value: v.value }));
  }

  it('counts by route template, method and final status, whatever ended the request', async () => {
    await fastify.inject({ method: 'GET', url: '/tasks/1' });
    await fastify.inject({ method: 'GET', url: '/tasks/2' });
    await fastify.inject({ method: 'HEAD', url: '/tasks/3' });
    await fastify.inject({ method: 'GET', url: '/tasks/missing' });
    await fastify.inject({ method: 'POST', url: '/tasks', payload: '{"a":', headers: { 'content-type': 'application/json' } });
    await fastify.inject({ method: 'POST', url: '/tasks', payload: {} });
    await fastify.inject({ method: 'DELETE', url: '/nowhere/42' });
    await fastify.inject({ method: 'GET', url: '/metrics' });
    await fastify.inject({ method: 'GET', url: '/health/live' });

    expect(await samples('http_requests_total')).toEqual(
      expect.arrayContaining([
        { labels: { method: 'GET', route: '/tasks/:id', status_code: '200' }, value: 2 },
        { labels: { method: 'HEAD', route: '/tasks/:id', status_code: '200' }, value: 1 },
        { labels: { method: 'GET', route: '/tasks/:id', status_code: '404' }, value: 1 },
        { labels: { method: 'POST', route: '/tasks', status_code: '400' }, value: 1 },
        { labels: { method: 'POST', route: '/tasks', status_code: '201' }, value: 1 },
        { labels: { method: 'DELETE', route: 'unmatched', status_code: '404' }, value: 1 },
      ]),
    );
    expect(await samples('http_requests_total')).toHaveLength(6);
    const durations = (await samples('http_request_duration_seconds')).filter((s) => s.labels.le === '+Inf' || s.labels.le === Infinity);
    expect(durations.reduce((sum, s) => sum + s.value, 0)).toBe(7);
  });

  it('counts errors by the problem type the filter reported, by status otherwise', async () => {
    await fastify.inject({ method: 'GET', url: '/tasks/missing' });
    await fastify.inject({ method: 'GET', url: '/tasks/boom' });
    await fastify.inject({ method: 'GET', url: '/nowhere' });
    expect(await samples('http_errors_total')).toEqual(
      expect.arrayContaining([
        { labels: { status_code: '404', type: 'task-not-found' }, value: 1 },
        { labels: { status_code: '500', type: 'internal' }, value: 1 },
        { labels: { status_code: '404', type: 'other' }, value: 1 },
      ]),
    );
  });
});
