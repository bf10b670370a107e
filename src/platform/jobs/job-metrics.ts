/**
 * What the job queues measure, one run (attempt) at a time, by kind. A port: MetricsModule
 * provides it under JOB_METRICS unless METRICS_ENABLED=false, when the queues measure
 * through noJobMetrics. How many jobs wait, run or failed is read from JobQueue.counts()
 * when Prometheus scrapes, not counted here.
 */
export interface JobMetrics {
  /** A kind this process runs: its series exposed at 0, so that rate() sees the first run. */
  kind(name: string): void;
  /** One run of a job of `kind`, from its start to its handler's end; `failed`: the handler threw. */
  run(kind: string, outcome: 'succeeded' | 'failed', seconds: number): void;
}

/** Without metrics: measures nothing. */
export const noJobMetrics: JobMetrics = { kind: () => undefined, run: () => undefined };

export const JOB_METRICS = Symbol('JobMetrics');
