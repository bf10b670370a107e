import { type DynamicModule, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PROBLEM_OBSERVER } from '../../shared/interface/problem-observer.js';
import { HttpMetrics } from './http-metrics.js';
import { METRICS_BUSINESS_EVENTS, MetricsBusinessEvents, noBusinessMetrics } from './metrics-business-events.js';
import { METRICS_REGISTRY, createMetricsRegistry } from './metrics-registry.js';
import { METRICS_SECURITY_EVENTS, MetricsSecurityEvents, noSecurityMetrics } from './metrics-security-events.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { MetricsController } from './metrics.controller.js';
import { registerPoolMetrics } from './pool-metrics.js';
import { QueryMetrics } from './query-metrics.subscriber.js';

/**
 * Prometheus metrics on `GET /metrics` (SPEC-SLI, SPEC-ALERT): process, HTTP by route
 * template, errors by problem type, database pool and queries, business counters.
 * With METRICS_ENABLED=false there is no route and nothing is measured; only
 * METRICS_BUSINESS_EVENTS stays, counting nothing, so that whoever injects it still starts.
 *
 * Exports METRICS_REGISTRY (for other modules' metrics), METRICS_BUSINESS_EVENTS, and the
 * PROBLEM_OBSERVER the problem filter reports to.
 */
@Module({})
export class MetricsModule {
  static with(config: AppConfig): DynamicModule {
    if (!config.metrics.enabled) {
      return {
        module: MetricsModule,
        global: true,
        providers: [
          { provide: METRICS_BUSINESS_EVENTS, useValue: noBusinessMetrics },
          { provide: METRICS_SECURITY_EVENTS, useValue: noSecurityMetrics },
        ],
        exports: [METRICS_BUSINESS_EVENTS, METRICS_SECURITY_EVENTS],
      };
    }
    return {
      module: MetricsModule,
      // Global: the business event log (CoreModule) counts through METRICS_BUSINESS_EVENTS.
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        {
          provide: HttpMetrics,
          inject: [METRICS_REGISTRY, HttpAdapterHost],
          // Runs while Nest builds the providers, before app.init() registers the routes,
          // which is when the per-route hooks must be in place.
          useFactory: (registry: Registry, host: HttpAdapterHost) => {
            const metrics = new HttpMetrics(registry);
            const fastify = host.httpAdapter?.getInstance<FastifyInstance>();
            if (fastify) metrics.attach(fastify);
            return metrics;
          },
        },
        { provide: PROBLEM_OBSERVER, useExisting: HttpMetrics },
        {
          provide: QueryMetrics,
          inject: [METRICS_REGISTRY, APP_CONFIG, DataSource],
          useFactory: (registry: Registry, { log }: AppConfig, dataSource: DataSource) => {
            const metrics = new QueryMetrics(registry, log.slowQueryMs);
            dataSource.subscribers.push(metrics);
            registerPoolMetrics(registry, dataSource);
            return metrics;
          },
        },
        {
          provide: METRICS_BUSINESS_EVENTS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new MetricsBusinessEvents(registry),
        },
        {
          provide: METRICS_SECURITY_EVENTS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new MetricsSecurityEvents(registry),
        },
        MetricsTokenGuard,
      ],
      exports: [METRICS_REGISTRY, METRICS_BUSINESS_EVENTS, METRICS_SECURITY_EVENTS, PROBLEM_OBSERVER],
    };
  }
}
