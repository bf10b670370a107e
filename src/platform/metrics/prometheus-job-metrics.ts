import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { withTimeout } from '../../shared/infrastructure/with-timeout.js';
import { JOB_METRICS, type JobMetrics } from '../jobs/job-metrics.js';
import { JOB_QUEUE, type JobCounts, type JobQueue } from '../jobs/job-queue.js';
import { OutboxRelay } from '../jobs/outbox-relay.js';
import { counterProvider, gaugeProvider, histogramProvider } from './metric-providers.js';

/** From 10 ms to 10 minutes: an e-mail's retries through the HTTP client take up to a minute or so. */
export const JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

const STATES: readonly (keyof JobCounts)[] = ['waiting', 'active', 'completed', 'failed', 'delayed'];

/** Job runs by kind: `background_job_duration_seconds{kind}` and `background_job_failures_total{kind}`. */
@Injectable()
export class PrometheusJobMetrics implements JobMetrics {
  constructor(
    @InjectMetric('background_job_duration_seconds') private readonly duration: Histogram<'kind'>,
    @InjectMetric('background_job_failures_total') private readonly failures: Counter<'kind'>,
  ) {}

  kind(kind: string): void {
    this.duration.zero({ kind });
    this.failures.inc({ kind }, 0);
  }

  run(kind: string, outcome: 'succeeded' | 'failed', seconds: number): void {
    this.duration.observe({ kind }, seconds);
    if (outcome === 'failed') this.failures.inc({ kind });
  }
}

/**
 * One read for the gauges that share it: prom-client collects every metric of a scrape at
 * once, so the second gauge's call finds the first's still under way.
 */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= read().finally(() => (pending = null)));
}

type BacklogRead = () => Promise<{ messages: number; oldestAgeMs: number | null } | null>;

/** OutboxRelay.backlog() within HEALTH_CHECK_TIMEOUT_MS, once for both outbox gauges; null: no answer (or no relay). */
const OUTBOX_BACKLOG_READ = Symbol('OutboxBacklogRead');

/**
 * The job metrics and JOB_METRICS measuring on them, plus what is read when Prometheus
 * scrapes: `background_jobs{state}` from the queue (JobQueue.counts(), as GET /health/detailed
 * reads it: Bull's counts for the whole queue, or this process's in the embedded mode) and
 * the outbox backlog (OutboxRelay.backlog()). A read that fails or takes longer than
 * HEALTH_CHECK_TIMEOUT_MS leaves its gauge empty for that scrape, so that the scrape still
 * answers and no stale value shows.
 */
export const JOB_METRIC_PROVIDERS = [
  histogramProvider({
    name: 'background_job_duration_seconds',
    help: 'Time of each background job run (one attempt), failed ones included, by job kind.',
    labelNames: ['kind'],
    buckets: JOB_DURATION_BUCKETS,
  }),
  counterProvider({
    name: 'background_job_failures_total',
    help: 'Background job runs (attempts) whose handler threw, by job kind; a retried job counts once per failed attempt.',
    labelNames: ['kind'],
  }),
  gaugeProvider(
    {
      name: 'background_jobs',
      help: 'Background jobs in the queue by state (waiting, active, completed, failed, delayed), read when scraped.',
      labelNames: ['state'],
    },
    {
      inject: [APP_CONFIG, { token: JOB_QUEUE, optional: true }],
      async collect(config: AppConfig, queue?: JobQueue) {
        this.reset();
        if (!queue) return;
        const counts = await withTimeout(queue.counts(), config.health.checkTimeoutMs).catch(() => null);
        if (counts) for (const state of STATES) this.set({ state }, counts[state]);
      },
    },
  ),
  {
    provide: OUTBOX_BACKLOG_READ,
    inject: [APP_CONFIG, { token: OutboxRelay, optional: true }],
    useFactory: (config: AppConfig, relay?: OutboxRelay): BacklogRead =>
      shared(async () => (relay ? withTimeout(relay.backlog(), config.health.checkTimeoutMs).catch(() => null) : null)),
  },
  gaugeProvider(
    { name: 'outbox_backlog_messages', help: 'Outbox messages not yet handed to the job queue, read when scraped.' },
    {
      inject: [OUTBOX_BACKLOG_READ],
      async collect(backlog: BacklogRead) {
        this.reset();
        const read = await backlog();
        if (read) this.set(read.messages);
      },
    },
  ),
  gaugeProvider(
    {
      name: 'outbox_oldest_message_age_seconds',
      help: 'How long the oldest outbox message not yet handed to the job queue has waited (0 when none waits), read when scraped.',
    },
    {
      inject: [OUTBOX_BACKLOG_READ],
      async collect(backlog: BacklogRead) {
        this.reset();
        const read = await backlog();
        if (read) this.set((read.oldestAgeMs ?? 0) / 1000);
      },
    },
  ),
  PrometheusJobMetrics,
  { provide: JOB_METRICS, useExisting: PrometheusJobMetrics },
];
