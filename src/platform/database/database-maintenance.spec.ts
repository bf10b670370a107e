import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { ScheduledJob } from '../scheduling/scheduled-job.js';
import type { ScheduleRunner } from '../scheduling/schedule-runner.js';
import { BLOATED_INDEXES, DatabaseMaintenance, type MaintenanceConnection } from './database-maintenance.js';
import { DB_ANALYZE, DB_VACUUM_REINDEX, DatabaseMaintenanceJob } from './database-maintenance.job.js';

/** A connection that records each statement; `answers` says what a statement returns or throws. */
function recording(answers: (sql: string) => unknown[] | Error = () => []) {
  const statements: string[] = [];
  const released = vi.fn(async () => undefined);
  const connection: MaintenanceConnection = {
    query: async (sql) => {
      statements.push(sql.trim());
      const answer = answers(sql);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    release: released,
  };
  return { statements, released, connect: vi.fn(async () => connection) };
}

const notSupported = (message: string) => Object.assign(new Error(message), { code: '0A000' });

describe('DatabaseMaintenance', () => {
  it('analyze: ANALYZE on a connection of its own, without the statement timeout, released after', async () => {
    const db = recording();
    const cache = { flush: vi.fn(async () => undefined) };
    expect(await new DatabaseMaintenance(db.connect, cache).analyze()).toEqual({ items: 1 });
    expect(db.statements).toEqual(['SET statement_timeout = 0', 'ANALYZE', 'RESET statement_timeout']);
    expect(db.released).toHaveBeenCalledOnce();
    expect(cache.flush).not.toHaveBeenCalled();
  });

  it('vacuumAndReindex: VACUUM ANALYZE, a concurrent reindex of each bloated index, then the cache flush', async () => {
    const db = recording((sql) =>
      sql === BLOATED_INDEXES
        ? [
            { name: 'public."IDX_tasks_due"', bytes: 9e6, expectedBytes: 2e6 },
            { name: 'public."IDX_cases_goal"', bytes: 5e6, expectedBytes: 1e6 },
          ]
        : [],
    );
    const order: string[] = [];
    const cache = { flush: vi.fn(async () => void order.push(`flush after ${db.statements.length} statements`)) };
    expect(await new DatabaseMaintenance(db.connect, cache).vacuumAndReindex()).toEqual({ items: 2 });
    expect(db.statements).toEqual([
      'SET statement_timeout = 0',
      'VACUUM (ANALYZE)',
      BLOATED_INDEXES.trim(),
      'REINDEX INDEX CONCURRENTLY public."IDX_tasks_due"',
      'REINDEX INDEX CONCURRENTLY public."IDX_cases_goal"',
      'RESET statement_timeout',
    ]);
    expect(order).toEqual(['flush after 6 statements']);
    expect(db.released).toHaveBeenCalledOnce();
  });

  it('skips a statement the server does not support and runs the rest; any other failure fails the run', async () => {
    const db = recording((sql) =>
      sql.startsWith('REINDEX') ? notSupported('REINDEX CONCURRENTLY is not supported here') : sql === BLOATED_INDEXES ? [{ name: 'public.a', bytes: 1, expectedBytes: 1 }] : [],
    );
    const cache = { flush: vi.fn(async () => undefined) };
    expect(await new DatabaseMaintenance(db.connect, cache).vacuumAndReindex()).toEqual({ items: 0 });
    expect(cache.flush).toHaveBeenCalledOnce();

    const broken = recording((sql) => (sql === 'ANALYZE' ? new Error('permission denied') : []));
    await expect(new DatabaseMaintenance(broken.connect, cache).analyze()).rejects.toThrow('permission denied');
    expect(broken.released).toHaveBeenCalledOnce();
    expect(broken.statements.at(-1)).toBe('RESET statement_timeout');
  });

  it('fails the weekly run when the cache cannot be flushed', async () => {
    const db = recording();
    const cache = { flush: vi.fn(async () => Promise.reject(new Error('connect ECONNREFUSED'))) };
    await expect(new DatabaseMaintenance(db.connect, cache).vacuumAndReindex()).rejects.toThrow('ECONNREFUSED');
  });
});

describe('DatabaseMaintenanceJob', () => {
  function registered(env: Record<string, string>): ScheduledJob[] {
    const jobs: ScheduledJob[] = [];
    const runner = { register: (job: ScheduledJob) => jobs.push(job) } as unknown as ScheduleRunner;
    new DatabaseMaintenanceJob(runner, {} as never, { flush: async () => undefined } as never, loadConfig(env)).onModuleInit();
    return jobs;
  }

  it('registers nothing by default', () => {
    expect(registered({})).toEqual([]);
  });

  it('with DB_MAINTENANCE_ENABLED, the daily ANALYZE and the weekly VACUUM on their crons', () => {
    expect(registered({ DB_MAINTENANCE_ENABLED: 'true' }).map(({ name, cron }) => ({ name, cron }))).toEqual([
      { name: DB_ANALYZE, cron: '0 2 * * *' },
      { name: DB_VACUUM_REINDEX, cron: '0 2 * * 0' },
    ]);
    expect(registered({ DB_MAINTENANCE_ENABLED: '1', DB_ANALYZE_CRON: '5 1 * * *', DB_VACUUM_CRON: '0 5 * * 6' }).map((job) => job.cron)).toEqual([
      '5 1 * * *',
      '0 5 * * 6',
    ]);
  });
});
