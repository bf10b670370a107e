import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OUTCOMES, type Outcome } from './outbound-outcome.js';

/** From 10 ms to a minute: the default budget of a call (REQUEST_TIMEOUT_MS, 30 s) is a bound. */
export const OUTBOUND_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `outbound_circuit_state` values: the higher, the worse. */
export const CIRCUIT_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
export type CircuitStateName = keyof typeof CIRCUIT_STATE_VALUES;

/** What the outbound HTTP clients measure; the names of `service` are the clients' names. */
export interface OutboundMetrics {
  /** A new client: its series exposed at 0, and its circuit closed. */
  register(service: string): void;
  /** One call, from the caller's side: every attempt and wait included. */
  call(service: string, outcome: Outcome, seconds: number): void;
  /** One attempt sent to the service. */
  attempt(service: string, outcome: Exclude<Outcome, 'circuit_open'>): void;
  /** A retry scheduled after a failed attempt (one the open circuit then refuses included). */
  retry(service: string): void;
  circuit(service: string, state: CircuitStateName): void;
}

/**
 * Outbound calls on the app's registry: `outbound_request_duration_seconds{service,outcome}`
 * (per call), `outbound_attempts_total{service,outcome}` (per attempt sent),
 * `outbound_retries_total{service}` and `outbound_circuit_state{service}` (0 closed,
 * 1 half-open, 2 open). Every series of a service is there from its client's start, so that
 * rate() sees the first call.
 */
export class PrometheusOutboundMetrics implements OutboundMetrics {
  private readonly duration: Histogram<'service' | 'outcome'>;
  private readonly attempts: Counter<'service' | 'outcome'>;
  private readonly retries: Counter<'service'>;
  private readonly circuits: Gauge<'service'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'outbound_request_duration_seconds',
      help: 'Time of each outbound HTTP call as its caller waited, retries and waits included, by service and outcome.',
      labelNames: ['service', 'outcome'],
      buckets: OUTBOUND_DURATION_BUCKETS,
      registers: [registry],
    });
    this.attempts = new Counter({
      name: 'outbound_attempts_total',
      help: 'Outbound HTTP attempts sent, by service and outcome.',
      labelNames: ['service', 'outcome'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'outbound_retries_total',
      help: 'Retries scheduled after a failed outbound attempt, by service.',
      labelNames: ['service'],
      registers: [registry],
    });
    this.circuits = new Gauge({
      name: 'outbound_circuit_state',
      help: 'Circuit breaker of each outbound service: 0 closed, 1 half-open (a trial call), 2 open (calls refused).',
      labelNames: ['service'],
      registers: [registry],
    });
  }

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

/** For METRICS_ENABLED=false: measures nothing. */
export const noOutboundMetrics: OutboundMetrics = {
  register: () => undefined,
  call: () => undefined,
  attempt: () => undefined,
  retry: () => undefined,
  circuit: () => undefined,
};

export const OUTBOUND_METRICS = Symbol('OutboundMetrics');
