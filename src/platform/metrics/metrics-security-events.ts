import { Counter, type Registry } from 'prom-client';
import { SECURITY_EVENTS, type SecurityEvent, type SecurityEvents } from '../../shared/application/security-events.js';

/** Security events counted in `security_events_total{event}`, every event exposed at 0 from the start. */
export class MetricsSecurityEvents implements SecurityEvents {
  private readonly counter: Counter<'event'>;

  constructor(registry: Registry) {
    this.counter = new Counter({
      name: 'security_events_total',
      help: 'Security events (failed sign-ins, lockouts, denied access, reused refresh tokens, unusual access, suspicious input), by event.',
      labelNames: ['event'],
      registers: [registry],
    });
    for (const event of SECURITY_EVENTS) this.counter.inc({ event }, 0);
  }

  record(event: SecurityEvent): void {
    this.counter.inc({ event });
  }
}

/** For METRICS_ENABLED=false: counts nothing. */
export const noSecurityMetrics: SecurityEvents = { record: () => undefined };

export const METRICS_SECURITY_EVENTS = Symbol('MetricsSecurityEvents');
