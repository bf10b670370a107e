import { type Registry, register } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MetricsContext, metricsContext } from '../../../test/support/metrics-context.js';
import { BUSINESS_METRIC_PROVIDERS, MetricsBusinessEvents } from './metrics-business-events.js';

let registry: Registry;
let events: MetricsBusinessEvents;

/** A histogram's values name their series (`_bucket`, `_sum`, `_count`). */
type Values = { metricName?: string; labels: Record<string, unknown>; value: number }[];

async function histogramValues(name: string): Promise<Values> {
  return (await registry.getSingleMetric(name)!.get()).values as Values;
}

/** The values of one metric, as `labels -> value` ("" for a metric without labels). */
async function valuesOf(name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(
    metric.values.map((v) => [Object.values(v.labels).join(','), v.value]),
  );
}

let context: MetricsContext;

beforeEach(async () => {
  context = await metricsContext([...BUSINESS_METRIC_PROVIDERS, MetricsBusinessEvents]);
  registry = context.registry;
  events = context.get(MetricsBusinessEvents);
});
afterEach(async () => {
  await context.close();
});

describe('MetricsBusinessEvents', () => {
  it('exposes every counter at 0 before anything happened', async () => {
    for (const name of ['tasks_created_total', 'cases_created_total', 'templates_created_total', 'calendars_created_total']) {
      expect(await valuesOf(name), name).toEqual({ '': 0 });
    }
    expect(await valuesOf('replans_total')).toEqual({ apply: 0 });
  });

  it('counts each creation event on its own counter', async () => {
    events.record('task_created', { taskId: 't1' });
    events.record('task_created', { taskId: 't2' });
    events.record('case_created', { caseId: 'c1', steps: 3 });
    events.record('template_created', { templateId: 'p1' });
    events.record('calendar_created', { calendarId: 'k1' });
    expect(await valuesOf('tasks_created_total')).toEqual({ '': 2 });
    expect(await valuesOf('cases_created_total')).toEqual({ '': 1 });
    expect(await valuesOf('templates_created_total')).toEqual({ '': 1 });
    expect(await valuesOf('calendars_created_total')).toEqual({ '': 1 });
  });

  it('counts a replan as mode="apply" and observes its duration in seconds', async () => {
    events.record('replan_completed', { caseId: 'c1', changedSteps: ['a'], duration: 12.5 });
    events.record('replan_completed', { caseId: 'c1', changedSteps: [], duration: 3_000 });
    expect(await valuesOf('replans_total')).toEqual({ apply: 2 });
    const values = await histogramValues('replan_duration_seconds');
    const value = (metricName: string, le?: number) =>
      values.find((v) => v.metricName === metricName && (le === undefined || v.labels.le === le))?.value;
    expect(value('replan_duration_seconds_count')).toBe(2);
    expect(value('replan_duration_seconds_sum')).toBeCloseTo(3.0125, 6);
    expect(value('replan_duration_seconds_bucket', 0.025)).toBe(1);
    expect(value('replan_duration_seconds_bucket', 2.5)).toBe(1);
    expect(value('replan_duration_seconds_bucket', 5)).toBe(2);
  });

  it('counts a replan without a usable duration, without observing one', async () => {
    events.record('replan_completed', { caseId: 'c1' });
    events.record('replan_completed', { caseId: 'c1', duration: 'slow' });
    expect(await valuesOf('replans_total')).toEqual({ apply: 2 });
    const values = await histogramValues('replan_duration_seconds');
    expect(values.find((v) => v.metricName === 'replan_duration_seconds_count')?.value).toBe(0);
  });

  it('ignores the events it does not count', async () => {
    events.record('case_updated', { caseId: 'c1' });
    events.record('holidays_added', { calendarId: 'k1' });
    const counted = (await registry.getMetricsAsJSON())
      .flatMap((metric) => metric.values)
      .filter((v) => v.value !== 0);
    expect(counted).toEqual([]);
  });

  it("counts on the app's registry only, never on prom-client's global one", async () => {
    events.record('task_created', {});
    expect(await valuesOf('tasks_created_total')).toEqual({ '': 1 });
    expect(await register.getMetricsAsJSON()).toEqual([]);
  });
});
