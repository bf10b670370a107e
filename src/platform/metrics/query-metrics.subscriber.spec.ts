import type { Registry } from 'prom-client';
import type { AfterQueryEvent, QueryRunner } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MetricsContext, metricsContext } from '../../../test/support/metrics-context.js';
import { APP_CONFIG } from '../../config/app-config.js';
import { QUERY_METRIC_PROVIDERS, QueryMetrics, operationOf } from './query-metrics.subscriber.js';

describe('operationOf', () => {
  it.each([
    ['SELECT * FROM "tasks"', 'select'],
    ['  select 1', 'select'],
    ['\n\t(SELECT 1) UNION (SELECT 2)', 'select'],
    ['INSERT INTO "tasks" ("id") VALUES ($1)', 'insert'],
    ['update tasks set title = $1', 'update'],
    ['DELETE FROM "tasks" WHERE "id" = $1', 'delete'],
    ['START TRANSACTION', 'other'],
    ['COMMIT', 'other'],
    ['SAVEPOINT typeorm_1', 'other'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'other'],
    ['SELECTED', 'other'],
    ['select_thing()', 'other'],
    ['', 'other'],
    ['SEL', 'other'],
  ])('reads %j as %s', (sql, operation) => {
    expect(operationOf(sql)).toBe(operation);
  });
});

describe('QueryMetrics', () => {
  let registry: Registry;
  let metrics: QueryMetrics;
  let now: number;
  const runner = () => ({}) as QueryRunner;

  let context: MetricsContext;

  beforeEach(async () => {
    now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    context = await metricsContext([...QUERY_METRIC_PROVIDERS, QueryMetrics], [{ provide: APP_CONFIG, useValue: { log: { slowQueryMs: 200 } } }]);
    registry = context.registry;
    metrics = context.get(QueryMetrics);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await context.close();
  });

  const after = (queryRunner: QueryRunner, query: string, extra: Partial<AfterQueryEvent> = {}) =>
    metrics.afterQuery({ queryRunner, query, success: true, ...extra } as AfterQueryEvent);
  const before = (queryRunner: QueryRunner, query: string) =>
    metrics.beforeQuery({ queryRunner, query } as never);

  async function value(name: string, labels: Record<string, string | number> = {}): Promise<number | undefined> {
    const family = registry.getSingleMetric(name) ?? registry.getSingleMetric(name.replace(/_(sum|count|bucket)$/, ''));
    const values = (await family!.get()).values as { metricName?: string; labels: object; value: number }[];
    return values.find(
      (v) =>
        (v.metricName ?? name) === name &&
        Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
    )?.value;
  }

  it('times each statement from beforeQuery to afterQuery, by operation', async () => {
    const r = runner();
    before(r, 'SELECT 1');
    now += 30;
    after(r, 'SELECT 1', { executionTime: 29 });
    expect(await value('db_query_duration_seconds_sum', { operation: 'select' })).toBeCloseTo(0.03, 9);
    expect(await value('db_query_duration_seconds_bucket', { operation: 'select', le: 0.025 })).toBe(0);
    expect(await value('db_query_duration_seconds_bucket', { operation: 'select', le: 0.05 })).toBe(1);
    expect(await value('db_query_duration_seconds_count', { operation: 'insert' })).toBe(0);
  });

  it('pairs the queries of one runner in order, and keeps runners apart', async () => {
    const a = runner();
    const b = runner();
    before(a, 'SELECT 1'); // t=1000
    now += 10;
    before(a, 'INSERT INTO t VALUES (1)'); // t=1010
    before(b, 'UPDATE t SET x = 1'); // t=1010
    now += 90;
    after(a, 'SELECT 1'); // 100 ms
    after(b, 'UPDATE t SET x = 1'); // 90 ms
    now += 5;
    after(a, 'INSERT INTO t VALUES (1)'); // 95 ms
    expect(await value('db_query_duration_seconds_sum', { operation: 'select' })).toBeCloseTo(0.1, 9);
    expect(await value('db_query_duration_seconds_sum', { operation: 'update' })).toBeCloseTo(0.09, 9);
    expect(await value('db_query_duration_seconds_sum', { operation: 'insert' })).toBeCloseTo(0.095, 9);
  });

  it("falls back on TypeORM's executionTime when it saw no start", async () => {
    after(runner(), 'DELETE FROM t', { executionTime: 7 });
    expect(await value('db_query_duration_seconds_sum', { operation: 'delete' })).toBeCloseTo(0.007, 9);
  });

  it('counts statements slower than SLOW_QUERY_MS, failed ones included', async () => {
    const r = runner();
    for (const ms of [200, 201, 5_000]) {
      before(r, 'SELECT pg_sleep(1)');
      now += ms;
      after(r, 'SELECT pg_sleep(1)', ms === 5_000 ? { success: false, error: { code: '57014' } } : {});
    }
    expect(await value('db_slow_queries_total')).toBe(2);
    expect(await value('db_query_errors_total', { code: '57014' })).toBe(1);
  });

  it('counts failures by SQLSTATE, deadlocks apart, and anything else as unknown', async () => {
    const fail = (error: unknown) => after(runner(), 'UPDATE t SET x = 1', { success: false, error });
    fail({ code: '40P01', message: 'deadlock detected' });
    fail({ code: '23505' });
    fail({ code: '23505' });
    fail({ code: 'ECONNRESET' });
    fail(new Error('Connection terminated'));
    fail(undefined);
    expect(await value('db_deadlocks_total')).toBe(1);
    expect(await value('db_query_errors_total', { code: '40P01' })).toBe(1);
    expect(await value('db_query_errors_total', { code: '23505' })).toBe(2);
    expect(await value('db_query_errors_total', { code: 'unknown' })).toBe(3);
  });

  it('never throws into the query it measures', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => Number.NaN);
    const r = runner();
    before(r, 'SELECT 1');
    expect(() => after(r, 'SELECT 1')).not.toThrow();
  });
});
