import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { type CircuitStateName, OUTBOUND_METRICS, type OutboundMetrics } from '../http-client/outbound-metrics.js';
import { OUTCOMES, type Outcome } from '../http-client/outbound-outcome.js';
import { counterProvider, gaugeProvider, histogramProvider } from './metric-providers.js';

/** From 10 ms to a minute: the default budget of a call (REQUEST_TIMEOUT_MS, 30 s) is a bound. */
export const OUTBOUND_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `outbound_circuit_state` values: the higher, the worse. */
export const CIRCUIT_STATE_VALUES: Record<CircuitStateName, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * Outbound calls on the app's registry: `outbound_request_duration_seconds{service,outcome}`
 * (per call), `outbound_attempts_total{service,outcome}` (per attempt sent),
 * `outbound_retries_total{service}` and `outbound_circuit_state{service}` (0 closed,
 * 1 half-open, 2 open). Every series of a service is there from its client's start, so that
 * rate() sees the first call.
 */
@Injectable()
export class PrometheusOutboundMetrics implements OutboundMetrics {
  constructor(
    @InjectMetric('outbound_request_duration_seconds') private readonly duration: Histogram<'service' | 'outcome'>,
    @InjectMetric('outbound_attempts_total') private readonly attempts: Counter<'service' | 'outcome'>,
    @InjectMetric('outbound_retries_total') private readonly retries: Counter<'service'>,
    @InjectMetric('outbound_circuit_state') private readonly circuits: Gauge<'service'>,
  ) {}

  register(service: string): void {
    for (const outcome of OUTCOMES) {
      this.duration.zero({ service, outcome });
      if (outcome !== 'circuit_open') this.attempts.inc({ service, outcome }, 0);
    }
    this.retries.inc({ service }, 0);
    this.circuit(service, 'closed');
  }

  call(service: string, outcome: Outcome, seconds: number): void {
    this.duration.observe({ service, outcome }, seconds);
  }

  attempt(service: string, outcome: Exclude<Outcome, 'circuit_open'>): void {
    this.attempts.inc({ service, outcome });
  }

  retry(service: string): void {
    this.retries.inc({ service });
  }

  circuit(service: string, state: CircuitStateName): void {
    this.circuits.set({ service }, CIRCUIT_STATE_VALUES[state]);
  }
}

/** The outbound metrics on the app's registry, and OUTBOUND_METRICS measuring on them. */
export const OUTBOUND_METRIC_PROVIDERS = [
  histogramProvider({
    name: 'outbound_request_duration_seconds',
    help: 'Time of each outbound HTTP call as its caller waited, retries and waits included, by service and outcome.',
    labelNames: ['service', 'outcome'],
    buckets: OUTBOUND_DURATION_BUCKETS,
  }),
  counterProvider({ name: 'outbound_attempts_total', help: 'Outbound HTTP attempts sent, by service and outcome.', labelNames: ['service', 'outcome'] }),
  counterProvider({ name: 'outbound_retries_total', help: 'Retries scheduled after a failed outbound attempt, by service.', labelNames: ['service'] }),
  gaugeProvider({
    name: 'outbound_circuit_state',
    help: 'Circuit breaker of each outbound service: 0 closed, 1 half-open (a trial call), 2 open (calls refused).',
    labelNames: ['service'],
  }),
  PrometheusOutboundMetrics,
  { provide: OUTBOUND_METRICS, useExisting: PrometheusOutboundMetrics },
];
