/**
 * A job the schedule runner runs on its cron, once per tick across every replica. `run`
 * does the work (in its own trace context, as the system) and says how many items it
 * handled; a throw is recorded as a failed run.
 *
 * @example
 * runner.register({ name: 'purge-idempotency-keys', cron: config.jobs.idempotencyPurgeCron,
 *   run: async () => ({ items: await keys.purgeExpired() }) });
 */
/** Which tick a run is for: its scheduled time, and whether someone asked for it now (`runNow`). */
export interface JobTick {
  readonly scheduledAt: Date;
  readonly manual: boolean;
}

export interface ScheduledJob {
  /** Stable, kebab-case: the advisory lock and the runs are keyed by it. */
  readonly name: string;
  /** Five fields (minute hour day month weekday), in UTC. */
  readonly cron: string;
  run(tick: JobTick): Promise<{ items: number }>;
}
