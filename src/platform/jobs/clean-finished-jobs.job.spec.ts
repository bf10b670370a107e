import type { Queue } from 'bull';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { ScheduledJob } from '../scheduling/scheduled-job.js';
import type { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { BullJobQueue } from './bull-job-queue.js';
import { CLEAN_FINISHED_JOBS, CleanFinishedJobsJob } from './clean-finished-jobs.job.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { noJobMetrics } from './job-metrics.js';

/** A Bull queue whose `clean` removes what `held` holds per state, at most `limit` a call. */
function fakeQueue(held: Record<string, number>) {
  const clean = vi.fn(async (_grace: number, state: string, limit: number) => {
    const removed = Math.min(held[state] ?? 0, limit);
    held[state] = (held[state] ?? 0) - removed;
    return Array.from({ length: removed }, () => ({}));
  });
  return { clean, on: vi.fn() } as unknown as Queue & { clean: typeof clean };
}

function registered(queue: unknown, env: Record<string, string> = {}): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const runner = { register: (job: ScheduledJob) => jobs.push(job) } as unknown as ScheduleRunner;
  new CleanFinishedJobsJob(runner, queue as never, loadConfig(env)).onModuleInit();
  return jobs;
}

describe('clean-finished-jobs', () => {
  it("removes Bull's completed and failed jobs past JOB_RETENTION_DAYS, a thousand a call, and counts them", async () => {
    const queue = fakeQueue({ completed: 2_500, failed: 3, waiting: 10, delayed: 4 });
    const [job, ...others] = registered(new BullJobQueue(queue, 7 * 86_400_000, noJobMetrics), { JOB_RETENTION_DAYS: '3', JOB_CLEANUP_CRON: '10 4 * * *' });
    expect(others).toEqual([]);
    expect(job).toMatchObject({ name: CLEAN_FINISHED_JOBS, cron: '10 4 * * *' });
    expect(await job!.run({ scheduledAt: new Date(), manual: true })).toEqual({ items: 2_503 });
    const threeDays = 3 * 86_400_000;
    expect(queue.clean.mock.calls).toEqual([
      [threeDays, 'completed', 1_000],
      [threeDays, 'completed', 1_000],
      [threeDays, 'completed', 1_000],
      [threeDays, 'failed', 1_000],
    ]);
  });

  it('is not registered in the embedded mode, whose finished jobs the outbox purge removes', () => {
    expect(registered(new InProcessJobQueue({} as never, noJobMetrics))).toEqual([]);
  });
});
