import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { withTimeout } from '../../shared/infrastructure/with-timeout.js';
import { SCHEDULE_METRICS, type ScheduleMetrics } from '../scheduling/schedule-metrics.js';
import { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { counterProvider, gaugeProvider, histogramProvider } from './metric-providers.js';

/** From 50 ms to an hour: the purges take seconds, an archive run may take many minutes. */
export const SCHEDULE_DURATION_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

const STATUSES = ['succeeded', 'failed'] as const;

/**
 * Runs of scheduled jobs by schedule: `schedule_runs_total{schedule,status}` and
 * `schedule_run_duration_seconds{schedule}`, from the replica that ran each. (`schedule`, not
 * `job`: Prometheus gives every series the `job` of its scrape target.)
 */
@Injectable()
export class PrometheusScheduleMetrics implements ScheduleMetrics {
  constructor(
    @InjectMetric('schedule_runs_total') private readonly runs: Counter<'schedule' | 'status'>,
    @InjectMetric('schedule_run_duration_seconds') private readonly duration: Histogram<'schedule'>,
  ) {}

  schedule(schedule: string): void {
    for (const status of STATUSES) this.runs.inc({ schedule, status }, 0);
    this.duration.zero({ schedule });
  }

  run(schedule: string, status: 'succeeded' | 'failed', seconds: number): void {
    this.runs.inc({ schedule, status });
    this.duration.observe({ schedule }, seconds);
  }
}

/**
 * The schedule metrics and SCHEDULE_METRICS measuring on them, plus two gauges read from the
 * runner when Prometheus scrapes, for the alert "a schedule that has not succeeded in twice
 * its period": `schedule_period_seconds{schedule}` (from its cron) and
 * `schedule_last_success_timestamp_seconds{schedule}` (from `schedule_runs`, so whichever
 * replica ran it, and across restarts; a schedule that never succeeded has no series). A
 * read that fails or takes longer than HEALTH_CHECK_TIMEOUT_MS leaves the gauge empty.
 */
export const SCHEDULE_METRIC_PROVIDERS = [
  counterProvider({
    name: 'schedule_runs_total',
    help: 'Runs of each scheduled job made by this replica, by schedule and status (succeeded, failed); skipped ticks are not runs.',
    labelNames: ['schedule', 'status'],
  }),
  histogramProvider({
    name: 'schedule_run_duration_seconds',
    help: 'Time of each run of a scheduled job made by this replica, by schedule.',
    labelNames: ['schedule'],
    buckets: SCHEDULE_DURATION_BUCKETS,
  }),
  gaugeProvider(
    { name: 'schedule_period_seconds', help: "The longest gap between the next ticks of each schedule's cron.", labelNames: ['schedule'] },
    {
      inject: [{ token: ScheduleRunner, optional: true }],
      collect(runner?: ScheduleRunner) {
        this.reset();
        for (const { name, seconds } of runner?.periods() ?? []) this.set({ schedule: name }, seconds);
      },
    },
  ),
  gaugeProvider(
    {
      name: 'schedule_last_success_timestamp_seconds',
      help: 'When each schedule last finished a successful run, on any replica (Unix time).',
      labelNames: ['schedule'],
    },
    {
      inject: [APP_CONFIG, { token: ScheduleRunner, optional: true }],
      async collect(config: AppConfig, runner?: ScheduleRunner) {
        this.reset();
        if (!runner) return;
        const last = await withTimeout(runner.lastSuccesses(), config.health.checkTimeoutMs).catch(() => []);
        for (const { name, finishedAt } of last) this.set({ schedule: name }, finishedAt.getTime() / 1000);
      },
    },
  ),
  PrometheusScheduleMetrics,
  { provide: SCHEDULE_METRICS, useExisting: PrometheusScheduleMetrics },
];
