import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { SECURITY_EVENTS, type SecurityEvent, type SecurityEvents } from '../../shared/application/security-events.js';
import { counterProvider } from './metric-providers.js';

/** The metric MetricsSecurityEvents injects, on the app's registry. */
export const SECURITY_METRIC_PROVIDERS = [
  counterProvider({
    name: 'security_events_total',
    help: 'Security events (failed sign-ins, lockouts, denied access, reused refresh tokens, unusual access, suspicious input), by event.',
    labelNames: ['event'],
  }),
];

/** Security events counted in `security_events_total{event}`, every event exposed at 0 from the start. */
@Injectable()
export class MetricsSecurityEvents implements SecurityEvents {
  constructor(@InjectMetric('security_events_total') private readonly counter: Counter<'event'>) {
    for (const event of SECURITY_EVENTS) this.counter.inc({ event }, 0);
  }

  record(event: SecurityEvent): void {
    this.counter.inc({ event });
  }
}

/** The export token of MetricsModule: a SecurityEvents that counts, to sit beside the log. */
export const METRICS_SECURITY_EVENTS = Symbol('MetricsSecurityEvents');
