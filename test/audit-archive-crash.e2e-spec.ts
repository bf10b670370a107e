import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthsBeforeCutoff, seedAuditMonth } from './support/audit-seed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The archive killed with SIGKILL at several moments (mid-export, after a month's removal,
 * mid-way through a later month), then run to the end: every archived id ends up in exactly
 * one place, a file or the table, and at no moment is one in neither. Also two processes
 * racing one cron tick: one runs it. On PostgreSQL only (a second process shares its
 * database; the embedded one belongs to its process).
 */
const BATCH = 400;
let t: TestApp;
let db: DataSource;
let dir: string;
let seeded: Set<string>;

interface ChildResult {
  killed: boolean;
  lines: Record<string, unknown>[];
  outcome?: { ran: boolean; status?: string; reason?: string };
}

/** Runs one archive tick in a child process; with `killAt`, SIGKILLs it on the nth log line of that event. */
function archiveInChild(options: { killAt?: { event: string; nth: number }; scheduledAt?: string } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './test/support/child/register-ts.mjs', 'test/support/child/archive-once.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl!,
        ARCHIVE_DIR: dir,
        AUDIT_ARCHIVE_BATCH_ROWS: String(BATCH),
        LOG_LEVEL: 'info',
        DATA_DIR: dir,
        ...(options.scheduledAt ? { SCHEDULED_AT: options.scheduledAt } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: ChildResult = { killed: false, lines: [] };
    let seen = 0;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text);
        } catch {
          continue;
        }
        result.lines.push(line);
        if ('outcome' in line) result.outcome = line.outcome as ChildResult['outcome'];
        if (options.killAt && line.event === options.killAt.event && ++seen === options.killAt.nth && !result.killed) {
          result.killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!result.killed && code !== 0) reject(new Error(`archive child exited ${code}: ${stderr.slice(-2000)}`));
      else resolve(result);
    });
  });
}

/** Where each seeded id is now: in the table, and in which complete archive files (a `.partial` is no place). */
async function places(): Promise<{ table: string[]; files: string[] }> {
  const table = (await db.query(`SELECT id::text AS id FROM audit_logs WHERE actor_role = 'system' AND action = 'task.update'`)).map(
    (row: { id: string }) => row.id,
  );
  const files: string[] = [];
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.ndjson.gz'))) {
    const text = gunzipSync(await readFile(join(dir, name))).toString('utf8');
    for (const line of text.split('\n')) if (line) files.push(String(JSON.parse(line).id));
  }
  return { table, files };
}

describe.skipIf(!process.env.DATABASE_URL)('the audit archive under SIGKILL', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-archive-crash-'));
    t = await startTestApp({ ARCHIVE_DIR: dir });
    db = t.app.get(DataSource);
    const [first, second, third] = monthsBeforeCutoff(new Date(), 3);
    await seedAuditMonth(db, first, 3_000, false);
    await seedAuditMonth(db, second, 4_000, true);
    await seedAuditMonth(db, third, 3_000, true);
    seeded = new Set((await places()).table);
    expect(seeded.size).toBe(10_000);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses and duplicates nothing, however it is killed', async () => {
    const kills = [
      { event: 'audit_archive_progress', nth: 4 },
      { event: 'audit_archive_month', nth: 1 },
      { event: 'audit_archive_progress', nth: 6 },
      { event: 'audit_archive_progress', nth: 3 },
    ];
    for (const killAt of kills) {
      const result = await archiveInChild({ killAt });
      expect(result.killed, `the run ended before ${killAt.event} #${killAt.nth}`).toBe(true);
      // Nothing lost at any moment: each id is in the table or in a whole file (maybe both, until the next run).
      const { table, files } = await places();
      const somewhere = new Set([...table, ...files]);
      expect([...seeded].filter((id) => !somewhere.has(id))).toEqual([]);
    }

    const final = await archiveInChild();
    expect(final.outcome).toMatchObject({ ran: true, status: 'succeeded' });
    const { table, files } = await places();
    expect(table).toEqual([]);
    expect(files).toHaveLength(seeded.size);
    expect(new Set(files)).toEqual(seeded);
    expect((await readdir(dir)).filter((file) => file.endsWith('.partial'))).toEqual([]);
  }, 240_000);

  it('runs a tick that two processes race for once', async () => {
    const scheduledAt = new Date(Date.UTC(2026, 0, 1, 4, 0)).toISOString();
    const [a, b] = await Promise.all([archiveInChild({ scheduledAt }), archiveInChild({ scheduledAt })]);
    const outcomes = [a.outcome, b.outcome];
    expect(outcomes.filter((outcome) => outcome?.ran)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome?.ran)).toMatchObject({ ran: false, reason: expect.stringMatching(/^(locked|claimed)$/) });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM schedule_runs WHERE job = 'audit-archive' AND scheduled_at = $1`, [scheduledAt]);
    expect(n).toBe(1);
  }, 120_000);
});
