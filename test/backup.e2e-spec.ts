import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const script = (name: string) => join(process.cwd(), 'scripts', name);

/**
 * The backup round trip (SPEC-BAK): scripts/backup.sh, restore.sh and verify-backup.sh on a
 * database the app filled, restored into a fresh database and over a used one: identical,
 * table by table, row by row.
 */
describe.runIf(process.env.DATABASE_URL)('backup and restore', () => {
  let t: TestApp;
  let dir: string;
  let target: string;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await startTestApp();
    dir = await mkdtemp(join(tmpdir(), 'backup-'));
    // The server's maintenance database: the one DATABASE_URL names need not exist (test-app.ts).
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL!.replace(/\/[^/?]+(\?.*)?$/, '/postgres$1') });
    await admin.connect();
    target = `restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await admin.query(`CREATE DATABASE ${target}`);
    // Data of every kind: users, tasks with tags, a template, a calendar, a case, audit entries, outbox rows.
    const assignee = await t.newUser();
    for (let i = 0; i < 20; i++) {
      expect((await t.request('POST', '/tasks', { body: { title: `Backed up ${i}`, tags: ['backup'], assigneeId: assignee.id, dueDate: '2027-01-15' } })).status).toBe(201);
    }
    const templateId = (await t.request('POST', '/process-templates', { body: { name: 'Backup', steps: [{ key: 'a', name: 'A', durationDays: 2 }] } })).body.id;
    const calendarId = (await t.request('POST', '/calendars', { body: { code: `bk-${randomUUID().slice(0, 8)}`, name: 'Backup', holidays: [{ date: '2027-01-01', name: 'New year' }] } })).body.id;
    expect((await t.request('POST', '/cases', { body: { templateId, calendarId, title: 'Backed up case', goalDate: '2027-03-01' } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await admin?.end();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const targetUrl = () => t.databaseUrl!.replace(/\/[^/]+$/, `/${target}`);
  const checksums = async (url: string) => (await run(script('db-checksums.sh'), [url])).stdout;

  it('backs up to a checksummed dump, verifies it, and restores it identical into a fresh database and over a used one', async () => {
    const env = { ...process.env, DATABASE_URL: t.databaseUrl!, BACKUP_DIR: dir };
    const { stdout } = await run(script('backup.sh'), [], { env });
    const dump = stdout.trim();
    expect(dump).toMatch(/process-todo-\d{8}T\d{6}Z\.dump$/);
    expect((await readdir(dir)).sort()).toEqual([dump.split('/').at(-1), `${dump.split('/').at(-1)}.sha256`].sort());
    const source = await checksums(t.databaseUrl!);
    expect(source).toMatch(/^public\.tasks 2\d \d+$/m);
    expect(source).toMatch(/^public\.audit_logs_\S+ [1-9]\d* -?\d+$/m);

    const verified = await run(script('verify-backup.sh'), [dump], { env });
    expect(verified.stdout).toMatch(/identical to the source/);

    await run(script('restore.sh'), [dump], { env: { ...process.env, DATABASE_URL: targetUrl() } });
    expect(await checksums(targetUrl())).toBe(source);
    // Over a database that holds other rows: --clean replaces them.
    const other = new pg.Client({ connectionString: targetUrl() });
    await other.connect();
    await other.query(`DELETE FROM task_tags`);
    await other.end();
    await run(script('restore.sh'), [dump], { env: { ...process.env, DATABASE_URL: targetUrl() } });
    expect(await checksums(targetUrl())).toBe(source);
  }, 120_000);

  it('refuses a dump that does not match its sha256, and leaves the database as it was', async () => {
    const env = { ...process.env, DATABASE_URL: t.databaseUrl!, BACKUP_DIR: dir };
    const dump = (await run(script('backup.sh'), [], { env })).stdout.trim();
    await writeFile(dump, 'not a dump');
    const before = await checksums(targetUrl());
    await expect(run(script('restore.sh'), [dump], { env: { ...process.env, DATABASE_URL: targetUrl() } })).rejects.toMatchObject({
      stderr: expect.stringContaining('does not match its sha256'),
    });
    expect(await checksums(targetUrl())).toBe(before);
    // A file that matches its sha256 but is no dump: the restore fails inside its one transaction.
    await run('bash', ['-c', `cd "$(dirname "$1")" && sha256sum "$(basename "$1")" > "$1.sha256"`, '_', dump]);
    await expect(run(script('restore.sh'), [dump], { env: { ...process.env, DATABASE_URL: targetUrl() } })).rejects.toThrow();
    expect(await checksums(targetUrl())).toBe(before);
  }, 60_000);
});
