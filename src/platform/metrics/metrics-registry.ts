import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The registry behind `GET /metrics`, one per application instance. Not prom-client's
 * global `register`: a second app in the same process (the e2e suites start several)
 * would fail on "already registered", or share counters and pool gauges with the first.
 * Every metric of the app registers here, through `registers: [registry]`.
 */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/**
 * Default metrics that `promtool check metrics` rejects (gauges named `_total`). Nothing is
 * lost: `nodejs_active_handles{type}` and its siblings stay, and sum() gives the totals.
 */
const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** A registry with prom-client's default process metrics (cpu, memory, event loop lag, heap, gc). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);
  return registry;
}
