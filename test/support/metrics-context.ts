import { Global, type INestApplicationContext, Module, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../../src/platform/metrics/metrics-registry.js';

export interface MetricsContext {
  /** The registry every metric of `providers` is on (empty but for them: no default metrics). */
  registry: Registry;
  context: INestApplicationContext;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * A Nest application context with `providers` (metric providers and the classes that inject
 * them with @InjectMetric) on a fresh registry, as MetricsModule wires them, for unit tests.
 */
export async function metricsContext(providers: Provider[], others: Provider[] = []): Promise<MetricsContext> {
  const registry = new Registry();
  @Global()
  @Module({ providers: [{ provide: METRICS_REGISTRY, useValue: registry }, ...others], exports: [METRICS_REGISTRY, ...others] })
  class RegistryStandIn {}
  @Module({ imports: [RegistryStandIn], providers })
  class Metrics {}
  const context = await NestFactory.createApplicationContext(Metrics, { logger: false, abortOnError: false });
  return { registry, context, get: (token) => context.get(token), close: () => context.close() };
}
