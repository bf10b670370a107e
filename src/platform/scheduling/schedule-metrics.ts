/**
 * What the schedule runner measures, one run at a time, by schedule (a job's name). A port:
 * MetricsModule provides it under SCHEDULE_METRICS unless METRICS_ENABLED=false, when the
 * runner measures through noScheduleMetrics. Each schedule's period and last success are read
 * from the runner when Prometheus scrapes (ScheduleRunner.periods, lastSuccesses).
 */
export interface ScheduleMetrics {
  /** A schedule this process runs: its series exposed at 0, so that rate() sees the first run. */
  schedule(name: string): void;
  /** One run this replica made (a skipped tick is none), from the job's start to its end. */
  run(name: string, status: 'succeeded' | 'failed', seconds: number): void;
}

/** Without metrics: measures nothing. */
export const noScheduleMetrics: ScheduleMetrics = { schedule: () => undefined, run: () => undefined };

export const SCHEDULE_METRICS = Symbol('ScheduleMetrics');
