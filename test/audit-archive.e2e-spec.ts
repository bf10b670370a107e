import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRestorer } from '../src/modules/audit/infrastructure/audit-restorer.js';
import { monthsBeforeCutoff, seedAuditMonth } from './support/audit-seed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The monthly audit archive (SPEC-JOB-2) in one app: dry run, run, files and manifests, restore. */
let t: TestApp;
let db: DataSource;
let dir: string;
const [defaultMonth, ownMonth, lastMonth] = monthsBeforeCutoff(new Date(), 3);
const ROWS = { [defaultMonth]: 700, [ownMonth]: 1_200, [lastMonth]: 450 };

const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params))[0].n as number;
const oldRows = () => count(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'task.update' AND actor_role = 'system'`);
const partitions = async () =>
  (await db.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass`)).map(
    (row: { name: string }) => row.name,
  ) as string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-archive-'));
  t = await startTestApp({ ARCHIVE_DIR: dir, AUDIT_ARCHIVE_BATCH_ROWS: '500' });
  db = t.app.get(DataSource);
  await seedAuditMonth(db, defaultMonth, ROWS[defaultMonth], false);
  await seedAuditMonth(db, ownMonth, ROWS[ownMonth], true);
  await seedAuditMonth(db, lastMonth, ROWS[lastMonth], true);
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the audit archive', () => {
  it('counts month by month on a dry run, and moves nothing', async () => {
    const dry = await t.request('POST', '/admin/audit-archive/runs', { body: { dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.months).toEqual([
      { month: defaultMonth, rows: ROWS[defaultMonth] },
      { month: ownMonth, rows: ROWS[ownMonth] },
      { month: lastMonth, rows: ROWS[lastMonth] },
    ]);
    expect(await oldRows()).toBe(700 + 1_200 + 450);
    expect(await readdir(dir)).toEqual([]);
  });

  it('moves each old month into a verified file with its manifest, dropping its partition', async () => {
    const run = await t.request('POST', '/admin/audit-archive/runs', { body: {} });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({ trigger: 'manual', status: 'succeeded', rowsArchived: 2_350, error: null });
    expect(run.body.months.map((m: { month: string; removal: string }) => [m.month, m.removal])).toEqual([
      [defaultMonth, 'rows_deleted'],
      [ownMonth, 'partition_dropped'],
      [lastMonth, 'partition_dropped'],
    ]);
    expect(await oldRows()).toBe(0);
    expect((await partitions()).filter((name) => name.includes(ownMonth.replace('-', 'm')))).toEqual([]);
    // The entries of this session's own changes are recent: they stay.
    expect(await count('SELECT count(*)::int AS n FROM audit_logs')).toBeGreaterThan(0);

    for (const { month, file, sha256, rows } of run.body.months) {
      const bytes = await readFile(join(dir, file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
      const lines = gunzipSync(bytes).toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(lines).toHaveLength(rows);
      expect(lines.every((line) => line.occurred_at.startsWith(month) && line.action === 'task.update')).toBe(true);
      expect(new Set(lines.map((line) => line.id)).size).toBe(rows);
      const manifest = JSON.parse(await readFile(join(dir, file.replace('.ndjson.gz', '.manifest.json')), 'utf8'));
      expect(manifest).toMatchObject({ format: 'process-todo/audit-archive/1', month, file, rows, sha256, firstId: String(lines[0].id), lastId: String(lines.at(-1).id) });
    }

    const runs = await t.request('GET', '/admin/audit-archive/runs');
    expect(runs.body.items[0]).toMatchObject({ id: run.body.id, status: 'succeeded', rowsArchived: 2_350 });
    const schedules = await t.request('GET', '/admin/schedules');
    expect(schedules.body.find((job: { name: string }) => job.name === 'audit-archive')).toMatchObject({
      cron: '0 4 1 * *',
      lastRun: { status: 'succeeded', items: 2_350 },
    });
  });

  it('restores a file once however often it is restored, and archives it again whole', async () => {
    const file = join(dir, `audit-logs-${ownMonth}.ndjson.gz`);
    const restorer = t.app.get(AuditRestorer);
    expect(await restorer.restore(file, 300)).toEqual({ month: ownMonth, rows: 1_200, inserted: 1_200 });
    expect(await restorer.restore(file)).toEqual({ month: ownMonth, rows: 1_200, inserted: 0 });
    expect(await oldRows()).toBe(1_200);
    // Back in a partition of its own, so that the next run drops it again.
    expect(await partitions()).toContain(`audit_logs_y${ownMonth.replace('-', 'm')}`);

    const again = await t.request('POST', '/admin/audit-archive/runs', { body: {} });
    expect(again.body).toMatchObject({ status: 'succeeded', rowsArchived: 1_200, months: [{ month: ownMonth, removal: 'partition_dropped' }] });
    expect(await oldRows()).toBe(0);
  });

  it('refuses to restore a file that does not match its manifest', async () => {
    const file = join(dir, `audit-logs-${lastMonth}.ndjson.gz`);
    const lines = gunzipSync(await readFile(file)).toString('utf8').trim().split('\n');
    const tampered = join(dir, `tampered-${lastMonth}.ndjson.gz`);
    await writeFile(tampered, gzipSync(`${lines.slice(1).join('\n')}\n`));
    await writeFile(tampered.replace('.ndjson.gz', '.manifest.json'), await readFile(file.replace('.ndjson.gz', '.manifest.json')));
    await expect(t.app.get(AuditRestorer).restore(tampered)).rejects.toThrow(/does not match its manifest/);
    expect(await oldRows()).toBe(0);
  });

  it('is for admins only, and validates its body', async () => {
    const email = `archivist-${randomUUID()}@example.com`;
    await t.request('POST', '/users', { body: { email, name: 'Manager', password: 'a long enough password', role: 'manager' } });
    const { accessToken } = await t.signIn(email, 'a long enough password');
    expect((await t.request('POST', '/admin/audit-archive/runs', { token: accessToken, body: {} })).status).toBe(403);
    expect((await t.request('GET', '/admin/audit-archive/runs', { token: accessToken })).status).toBe(403);
    const bad = await t.request('POST', '/admin/audit-archive/runs', { body: { dryRun: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
