import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { BusinessEvents } from '../../shared/application/business-events.js';
import { counterProvider, histogramProvider } from './metric-providers.js';

/** The export token of MetricsModule: a BusinessEvents that counts, to sit beside the log. */
export const METRICS_BUSINESS_EVENTS = Symbol('MetricsBusinessEvents');

export const REPLAN_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metrics MetricsBusinessEvents injects, on the app's registry. */
export const BUSINESS_METRIC_PROVIDERS = [
  counterProvider({ name: 'tasks_created_total', help: 'Tasks created.' }),
  counterProvider({ name: 'cases_created_total', help: 'Cases started from a template.' }),
  counterProvider({ name: 'templates_created_total', help: 'Process templates created.' }),
  counterProvider({ name: 'calendars_created_total', help: 'Working-day calendars created.' }),
  counterProvider({
    name: 'replans_total',
    help: 'Replans written, by mode (apply; a preview writes nothing and is not counted).',
    labelNames: ['mode'],
  }),
  histogramProvider({
    name: 'replan_duration_seconds',
    help: 'Time a replan took inside its use case, from load to save.',
    buckets: REPLAN_DURATION_BUCKETS,
  }),
];

/**
 * Business events as Prometheus counters: `tasks_created_total`, `cases_created_total`,
 * `templates_created_total`, `calendars_created_total`, `replans_total{mode="apply"}` and
 * `replan_duration_seconds` (from the event's `duration`, in ms). Other events are not
 * counted. Events arrive after their commit, so a rolled-back change counts nothing.
 */
@Injectable()
export class MetricsBusinessEvents implements BusinessEvents {
  private readonly counters: ReadonlyMap<string, Counter.Internal | Counter>;

  constructor(
    @InjectMetric('tasks_created_total') tasks: Counter,
    @InjectMetric('cases_created_total') cases: Counter,
    @InjectMetric('templates_created_total') templates: Counter,
    @InjectMetric('calendars_created_total') calendars: Counter,
    @InjectMetric('replans_total') replans: Counter<'mode'>,
    @InjectMetric('replan_duration_seconds') private readonly replanDuration: Histogram,
  ) {
    // Exposed at 0 from the start, so that rate() sees the first replan.
    replans.inc({ mode: 'apply' }, 0);
    this.counters = new Map<string, Counter.Internal | Counter>([
      ['task_created', tasks],
      ['case_created', cases],
      ['template_created', templates],
      ['calendar_created', calendars],
      ['replan_completed', replans.labels('apply')],
    ]);
  }

  record(event: string, context: Record<string, unknown>): void {
    this.counters.get(event)?.inc();
    if (event === 'replan_completed' && typeof context.duration === 'number' && Number.isFinite(context.duration)) {
      this.replanDuration.observe(context.duration / 1000);
    }
  }
}
