import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, type AppConfig, runsBackgroundWork } from '../../config/app-config.js';
import { DataSource } from 'typeorm';
import { runInTraceContext } from '../logging/trace-context.js';
import { SCHEDULE_METRICS, type ScheduleMetrics, noScheduleMetrics } from './schedule-metrics.js';
import type { JobTick, ScheduledJob } from './scheduled-job.js';
import { ScheduleRunOrmEntity } from './schedule-run.orm-entity.js';

export type TickOutcome =
  | { ran: true; status: 'succeeded' | 'failed'; items: number | null; error?: string }
  | { ran: false; reason: 'locked' | 'claimed' | 'running' };

export interface JobSchedule {
  name: string;
  cron: string;
  nextRun: Date | null;
  lastRun: Pick<ScheduleRunOrmEntity, 'scheduledAt' | 'startedAt' | 'finishedAt' | 'status' | 'items' | 'durationMs' | 'error' | 'instance'> | null;
}

const INSTANCE = `${hostname()}:${process.pid}`;

/**
 * Runs every registered job on its cron (@nestjs/schedule), once per tick however many
 * replicas run: a PostgreSQL advisory lock per job (held on its own connection while the
 * job runs; a replica that cannot take it skips and logs it) plus a claim of the tick in
 * `schedule_runs` (unique job + scheduled time), so that a slower replica cannot run a
 * tick again after a faster one has finished and released the lock. A job never overlaps
 * itself in one process. Each run records its status, items, duration and error, and runs
 * in a trace context of its own.
 */
@Injectable()
export class ScheduleRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Schedule');
  private readonly jobs = new Map<string, { job: ScheduledJob; cron: CronJob }>();
  private readonly running = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'role'>,
    // MetricsModule's, unless METRICS_ENABLED=false.
    @Optional() @Inject(SCHEDULE_METRICS) private readonly metrics: ScheduleMetrics = noScheduleMetrics,
  ) {}

  register(job: ScheduledJob): void {
    const cron = CronJob.from({
      cronTime: job.cron,
      timeZone: 'UTC',
      onTick: () => void this.runTick(job.name, minuteOf(new Date())),
      // APP_ROLE=api leaves the schedules to the workers (its list still shows them), as the CLI does.
      start: runsBackgroundWork(this.config.role),
    });
    this.jobs.set(job.name, { job, cron });
    this.registry.addCronJob(job.name, cron as never);
    this.metrics.schedule(job.name);
  }

  /** Each job's period: the longest gap between its next ticks (a weekday job's is 3 days, over a weekend). */
  periods(): { name: string; seconds: number }[] {
    return [...this.jobs.values()].map(({ job, cron }) => ({ name: job.name, seconds: periodOf(cron) }));
  }

  /** When each job last succeeded, on any replica (jobs that never did are left out). */
  async lastSuccesses(): Promise<{ name: string; finishedAt: Date }[]> {
    const rows: { job: string; finishedAt: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (job) job, finished_at AS "finishedAt" FROM schedule_runs
       WHERE job = ANY($1) AND status = 'succeeded' ORDER BY job, scheduled_at DESC`,
      [[...this.jobs.keys()]],
    );
    return rows.map((row) => ({ name: row.job, finishedAt: new Date(row.finishedAt) }));
  }

  /**
   * Runs `name` at once, as asked by an operator: a tick of its own (this instant), under the
   * same lock, so it never overlaps a scheduled run on any replica.
   */
  runNow(name: string): Promise<TickOutcome> {
    return this.runTick(name, new Date(), true);
  }

  /** Runs the tick of `name` due at `scheduledAt`, unless another replica or run has it. */
  async runTick(name: string, scheduledAt: Date, manual = false): Promise<TickOutcome> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no scheduled job named ${name}`);
    if (this.running.has(name)) {
      this.logger.warn({ message: 'skipped: the previous run is still going', event: 'schedule_skipped', job: name });
      return { ran: false, reason: 'running' };
    }
    this.running.add(name);
    try {
      return await runInTraceContext(() => this.runLocked(entry.job, { scheduledAt, manual }));
    } finally {
      this.running.delete(name);
    }
  }

  async schedules(): Promise<JobSchedule[]> {
    const last: ScheduleRunOrmEntity[] = await this.dataSource.query(
      `SELECT DISTINCT ON (job) job, scheduled_at AS "scheduledAt", started_at AS "startedAt",
         finished_at AS "finishedAt", status, items, duration_ms AS "durationMs", error, instance
       FROM schedule_runs WHERE job = ANY($1) ORDER BY job, scheduled_at DESC`,
      [[...this.jobs.keys()]],
    );
    const byJob = new Map(last.map((run) => [run.job, run]));
    return [...this.jobs.values()].map(({ job, cron }) => {
      const { job: _name, ...lastRun } = byJob.get(job.name) ?? ({} as ScheduleRunOrmEntity);
      return {
        name: job.name,
        cron: job.cron,
        nextRun: cron.isActive ? cron.nextDate().toJSDate() : null,
        lastRun: byJob.has(job.name) ? lastRun : null,
      };
    });
  }

  onApplicationShutdown(): void {
    for (const { cron } of this.jobs.values()) void cron.stop();
  }

  private async runLocked(job: ScheduledJob, tick: JobTick): Promise<TickOutcome> {
    const connection = this.dataSource.createQueryRunner();
    await connection.connect();
    try {
      const [lock] = await connection.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [`schedule:${job.name}`]);
      if (!lock.ok) {
        this.logger.log({ message: 'skipped: another replica holds the job', event: 'schedule_skipped', job: job.name });
        return { ran: false, reason: 'locked' };
      }
      try {
        return await this.claimAndRun(job, tick);
      } finally {
        await connection.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`schedule:${job.name}`]);
      }
    } finally {
      await connection.release();
    }
  }

  private async claimAndRun(job: ScheduledJob, tick: JobTick): Promise<TickOutcome> {
    const { scheduledAt } = tick;
    const id = randomUUID();
    const startedAt = new Date();
    const { raw } = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ScheduleRunOrmEntity)
      .values({ id, job: job.name, scheduledAt, startedAt, status: 'running', instance: INSTANCE })
      .orIgnore()
      .returning(['id'])
      .updateEntity(false)
      .callListeners(false)
      .execute();
    if ((raw as unknown[]).length === 0) {
      this.logger.log({ message: 'skipped: the tick already ran', event: 'schedule_skipped', job: job.name });
      return { ran: false, reason: 'claimed' };
    }
    let outcome: TickOutcome;
    try {
      const { items } = await job.run(tick);
      outcome = { ran: true, status: 'succeeded', items };
    } catch (error) {
      outcome = { ran: true, status: 'failed', items: null, error: error instanceof Error ? error.message : String(error) };
    }
    const durationMs = Date.now() - startedAt.getTime();
    this.metrics.run(job.name, outcome.status, durationMs / 1000);
    await this.dataSource
      .createQueryBuilder()
      .update(ScheduleRunOrmEntity)
      .set({ status: outcome.status, items: outcome.items, error: outcome.error ?? null, durationMs, finishedAt: new Date() })
      .where('id = :id', { id })
      .updateEntity(false)
      .callListeners(false)
      .execute();
    const line = { message: `scheduled job ${outcome.status}`, event: 'schedule_run', job: job.name, items: outcome.items, duration: durationMs };
    if (outcome.status === 'failed') this.logger.error({ ...line, error: { message: outcome.error } });
    else this.logger.log(line);
    return outcome;
  }
}

/** Ticks looked at for a period: enough to take in a weekend, or a short month. */
const PERIOD_TICKS = 10;

/** The longest gap, in seconds, between the next PERIOD_TICKS ticks of `cron`. */
export function periodOf(cron: Pick<CronJob, 'nextDates'>): number {
  const ticks = cron.nextDates(PERIOD_TICKS).map((tick) => tick.toMillis());
  let longest = 0;
  for (let i = 1; i < ticks.length; i++) longest = Math.max(longest, ticks[i]! - ticks[i - 1]!);
  return longest / 1000;
}

/** A tick's scheduled time: the minute it fired in (crons here have minute resolution). */
export function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}
