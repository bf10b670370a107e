import { Counter, Histogram, type Registry } from 'prom-client';
import type { BusinessEvents } from '../../shared/application/business-events.js';

/** The export token of MetricsModule: a BusinessEvents that counts, to sit beside the log. */
export const METRICS_BUSINESS_EVENTS = Symbol('MetricsBusinessEvents');

export const REPLAN_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Business events as Prometheus counters: `tasks_created_total`, `cases_created_total`,
 * `templates_created_total`, `calendars_created_total`, `replans_total{mode="apply"}` and
 * `replan_duration_seconds` (from the event's `duration`, in ms). Other events are not
 * counted. Events arrive after their commit, so a rolled-back change counts nothing.
 */
export class MetricsBusinessEvents implements BusinessEvents {
  private readonly counters: ReadonlyMap<string, Counter.Internal | Counter>;
  private readonly replanDuration: Histogram;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
    const replans = new Counter({
      name: 'replans_total',
      help: 'Replans written, by mode (apply; a preview writes nothing and is not counted).',
      labelNames: ['mode'],
      registers: [registry],
    });
    // Exposed at 0 from the start, so that rate() sees the first replan.
    replans.inc({ mode: 'apply' }, 0);
    this.counters = new Map<string, Counter.Internal | Counter>([
      ['task_created', counter('tasks_created_total', 'Tasks created.')],
      ['case_created', counter('cases_created_total', 'Cases started from a template.')],
      ['template_created', counter('templates_created_total', 'Process templates created.')],
      ['calendar_created', counter('calendars_created_total', 'Working-day calendars created.')],
      ['replan_completed', replans.labels('apply')],
    ]);
    this.replanDuration = new Histogram({
      name: 'replan_duration_seconds',
      help: 'Time a replan took inside its use case, from load to save.',
      buckets: REPLAN_DURATION_BUCKETS,
      registers: [registry],
    });
  }

  record(event: string, context: Record<string, unknown>): void {
    this.counters.get(event)?.inc();
    if (event === 'replan_completed' && typeof context.duration === 'number' && Number.isFinite(context.duration)) {
      this.replanDuration.observe(context.duration / 1000);
    }
  }
}

/** METRICS_BUSINESS_EVENTS when METRICS_ENABLED=false: the token stays injectable, nothing is counted. */
export const noBusinessMetrics: BusinessEvents = { record: () => undefined };
