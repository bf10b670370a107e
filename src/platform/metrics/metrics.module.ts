import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { AppConfig } from '../../config/app-config.js';
import { PROBLEM_OBSERVER } from '../../shared/interface/problem-observer.js';
import { JOB_METRICS } from '../jobs/job-metrics.js';
import { OUTBOUND_METRICS } from '../http-client/outbound-metrics.js';
import { SCHEDULE_METRICS } from '../scheduling/schedule-metrics.js';
import { HTTP_METRIC_PROVIDERS, HttpMetrics } from './http-metrics.js';
import { BUSINESS_METRIC_PROVIDERS, METRICS_BUSINESS_EVENTS, MetricsBusinessEvents } from './metrics-business-events.js';
import { METRICS_REGISTRY, createMetricsRegistry } from './metrics-registry.js';
import { METRICS_SECURITY_EVENTS, MetricsSecurityEvents, SECURITY_METRIC_PROVIDERS } from './metrics-security-events.js';
import { MetricsController } from './metrics.controller.js';
import { POOL_METRIC_PROVIDERS } from './pool-metrics.js';
import { JOB_METRIC_PROVIDERS } from './prometheus-job-metrics.js';
import { OUTBOUND_METRIC_PROVIDERS } from './prometheus-outbound-metrics.js';
import { SCHEDULE_METRIC_PROVIDERS } from './prometheus-schedule-metrics.js';
import { QUERY_METRIC_PROVIDERS, QueryMetrics } from './query-metrics.subscriber.js';

/** Every metric of the app, each a provider under getToken(name) on METRICS_REGISTRY. */
const METRIC_PROVIDERS: Provider[] = [
  ...HTTP_METRIC_PROVIDERS,
  ...QUERY_METRIC_PROVIDERS,
  ...POOL_METRIC_PROVIDERS,
  ...BUSINESS_METRIC_PROVIDERS,
  ...SECURITY_METRIC_PROVIDERS,
  ...OUTBOUND_METRIC_PROVIDERS,
  ...JOB_METRIC_PROVIDERS,
  ...SCHEDULE_METRIC_PROVIDERS,
];

/**
 * Prometheus metrics on `GET /metrics` (SPEC-SLI, SPEC-ALERT) with @willsoto/nestjs-prometheus,
 * on the app's own registry (METRICS_REGISTRY, a provider: two apps in one process never
 * share a metric): process, HTTP by route template, errors by problem type, database pool
 * and queries, business and security counters, outbound calls, background jobs and the
 * outbox, schedules. The library serves our MetricsController (the registry, the token
 * guard) at `/metrics`; its default metrics are off (they would go to prom-client's global
 * registry) and collected on ours instead; every metric is a provider under `getToken(name)`
 * (metric-providers.ts), so any module injects one with `@InjectMetric(name)`.
 *
 * Platform modules measure through ports they own, provided here and injected @Optional()
 * there (OUTBOUND_METRICS, JOB_METRICS, SCHEDULE_METRICS, like PROBLEM_OBSERVER and the
 * business and security events); state is read when scraped from what its owner already
 * exposes (JOB_QUEUE counts, the outbox backlog, the pool, the schedule runner). With
 * METRICS_ENABLED=false this module is empty: no route, no registry, and every port is
 * absent, so nothing is measured.
 */
@Module({})
export class MetricsModule {
  static with(config: AppConfig): DynamicModule {
    if (!config.metrics.enabled) return { module: MetricsModule };
    const ports = [METRICS_BUSINESS_EVENTS, METRICS_SECURITY_EVENTS, PROBLEM_OBSERVER, OUTBOUND_METRICS, JOB_METRICS, SCHEDULE_METRICS];
    return {
      module: MetricsModule,
      // Global: the ports are injected all over the app, and so may any metric be.
      global: true,
      imports: [PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: false } })],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        ...METRIC_PROVIDERS,
        HttpMetrics,
        { provide: PROBLEM_OBSERVER, useExisting: HttpMetrics },
        QueryMetrics,
        MetricsBusinessEvents,
        { provide: METRICS_BUSINESS_EVENTS, useExisting: MetricsBusinessEvents },
        MetricsSecurityEvents,
        { provide: METRICS_SECURITY_EVENTS, useExisting: MetricsSecurityEvents },
      ],
      exports: [...new Set([METRICS_REGISTRY, ...ports, ...METRIC_PROVIDERS.map((p) => (typeof p === 'function' ? p : p.provide))])],
    };
  }
}
