import type { Outcome } from './outbound-outcome.js';

/** A client's circuit breaker: closed (calls go through), half-open (a trial call), open (calls refused). */
export type CircuitStateName = 'closed' | 'half_open' | 'open';

/**
 * What the outbound HTTP clients measure; the names of `service` are the clients' names. A
 * port: MetricsModule provides it under OUTBOUND_METRICS (PrometheusOutboundMetrics) unless
 * METRICS_ENABLED=false, when HttpClients measures through noOutboundMetrics.
 */
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

/** Without metrics: measures nothing. */
export const noOutboundMetrics: OutboundMetrics = {
  register: () => undefined,
  call: () => undefined,
  attempt: () => undefined,
  retry: () => undefined,
  circuit: () => undefined,
};

export const OUTBOUND_METRICS = Symbol('OutboundMetrics');
