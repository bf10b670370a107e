import type { FactoryProvider, InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import {
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry.js';

type Own<C> = Omit<C, 'registers' | 'collect'>;
type Dependency = InjectionToken | OptionalFactoryDependency;

/**
 * A metric of the app as a provider under `getToken(name)`, so that any class injects it with
 * `@InjectMetric(name)` (@willsoto/nestjs-prometheus), made on the app's own registry
 * (METRICS_REGISTRY). Not the library's makeCounterProvider & co.: those register on
 * prom-client's global registry, which two apps in one process would share.
 *
 * @example
 * export const JOB_METRIC_PROVIDERS = [counterProvider({ name: 'background_job_failures_total', help, labelNames: ['kind'] })];
 * constructor(@InjectMetric('background_job_failures_total') private readonly failures: Counter<'kind'>) {}
 */
export function counterProvider<T extends string>(config: Own<CounterConfiguration<T>>): FactoryProvider<Counter<T>> {
  return {
    provide: getToken(config.name),
    inject: [METRICS_REGISTRY],
    useFactory: (registry: Registry) => new Counter({ ...config, registers: [registry] }),
  };
}

/** A histogram on the app's registry, injected with `@InjectMetric(name)` (see counterProvider). */
export function histogramProvider<T extends string>(config: Own<HistogramConfiguration<T>>): FactoryProvider<Histogram<T>> {
  return {
    provide: getToken(config.name),
    inject: [METRICS_REGISTRY],
    useFactory: (registry: Registry) => new Histogram({ ...config, registers: [registry] }),
  };
}

/**
 * A gauge on the app's registry (see counterProvider). With `read`, it is read when Prometheus
 * scrapes: `read.collect` gets the providers `read.inject` names (an optional one absent is
 * undefined), with `this` the gauge, as the library's makeGaugeProvider does.
 *
 * @example
 * gaugeProvider({ name: 'db_pool_max', help }, { inject: [DataSource], collect(dataSource: DataSource) { this.set(...) } })
 */
export function gaugeProvider<T extends string, D extends unknown[] = []>(
  config: Own<GaugeConfiguration<T>>,
  read?: { inject: Dependency[]; collect(this: Gauge<T>, ...dependencies: D): void | Promise<void> },
): FactoryProvider<Gauge<T>> {
  return {
    provide: getToken(config.name),
    inject: [METRICS_REGISTRY, ...(read?.inject ?? [])],
    useFactory: (registry: Registry, ...dependencies: unknown[]) =>
      new Gauge({
        ...config,
        registers: [registry],
        ...(read && {
          collect(this: Gauge<T>) {
            return read.collect.call(this, ...(dependencies as D));
          },
        }),
      }),
  };
}
