import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_CACHE, type ReadCache } from '../src/shared/application/read-cache.js';
import { ScheduleRunner } from '../src/platform/scheduling/schedule-runner.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The database maintenance (SPEC-JOB-2) on the real server, PostgreSQL or the embedded
 * PGlite: it runs through the schedule runner, its runs are listed, a bloated index is
 * rebuilt and the read cache flushed.
 */
describe('database maintenance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DB_MAINTENANCE_ENABLED: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ANALYZE runs as db-analyze and is listed with its run', async () => {
    expect(await t.app.get(ScheduleRunner).runNow('db-analyze')).toEqual({ ran: true, status: 'succeeded', items: 1 });
    const schedules = await t.request('GET', '/admin/schedules');
    const job = schedules.body.find((s: { name: string }) => s.name === 'db-analyze');
    expect(job).toMatchObject({ cron: '0 2 * * *', lastRun: { status: 'succeeded', items: 1 } });
  });

  it('db-vacuum-reindex rebuilds a bloated index, leaves a packed one, and flushes the read cache', async () => {
    const db = t.app.get(DataSource);
    await db.query('CREATE TABLE maintenance_probe (id int PRIMARY KEY, n int NOT NULL)');
    await db.query('CREATE INDEX maintenance_probe_n ON maintenance_probe (n)');
    await db.query('INSERT INTO maintenance_probe SELECT g, g FROM generate_series(1, 100000) g');
    // 95% of the rows gone: VACUUM frees their index entries but keeps the pages.
    await db.query('DELETE FROM maintenance_probe WHERE id % 20 <> 0');
    await db.query('CREATE TABLE maintenance_packed (id int PRIMARY KEY)');
    await db.query('INSERT INTO maintenance_packed SELECT g FROM generate_series(1, 100000) g');
    // A reindex gives an index a new file.
    const files = async () =>
      Object.fromEntries(
        (await db.query(`SELECT relname, relfilenode FROM pg_class WHERE relname IN ('maintenance_probe_n', 'maintenance_packed_pkey')`)).map(
          (row: { relname: string; relfilenode: number }) => [row.relname, row.relfilenode],
        ),
      );
    const filesBefore = await files();
    const size = async () => Number((await db.query(`SELECT pg_relation_size('maintenance_probe_n') AS bytes`))[0].bytes);
    const before = await size();
    const cache = t.app.get<ReadCache>(READ_CACHE);
    await cache.keep('maintenance-probe', { kept: true }, 60_000);

    const outcome = await t.app.get(ScheduleRunner).runNow('db-vacuum-reindex');
    expect(outcome).toMatchObject({ ran: true, status: 'succeeded' });
    expect((outcome as { items: number }).items).toBeGreaterThanOrEqual(2);
    expect(await size()).toBeLessThan(before / 5);
    const filesAfter = await files();
    expect(filesAfter.maintenance_probe_n).not.toBe(filesBefore.maintenance_probe_n);
    expect(filesAfter.maintenance_packed_pkey).toBe(filesBefore.maintenance_packed_pkey);
    expect(await cache.through('maintenance-probe', 60_000, async () => ({ kept: false }))).toEqual({ kept: false });
    const [{ valid }] = await db.query(`SELECT bool_and(indisvalid) AS valid FROM pg_index WHERE indrelid = 'maintenance_probe'::regclass`);
    expect(valid).toBe(true);
  });
});
