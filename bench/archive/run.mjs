/**
 * The audit archive bench: how many audit entries a second the monthly archive moves out of
 * the database, for a month in its own partition (exported, verified, partition dropped)
 * against a month in the default partition (exported, verified, rows deleted), in one run.
 *
 *   npm run bench:archive                   # builds dist/, then runs this
 *   BENCH_ARCHIVE_ROWS=200000 node bench/archive/run.mjs
 *
 * Creates BENCH_ARCHIVE_DB (dropped first) on BENCH_ADMIN_URL, boots the built app on it
 * (no HTTP), writes BENCH_ARCHIVE_ROWS entries (default 1,000,000) split over two months
 * before the retention (as the app writes them: one INSERT … SELECT), VACUUM ANALYZE, then
 * runs the archive once and prints each month's rows, removal and rows/s (aim: >= 50,000),
 * the file sizes, and the table's size before and after. Writes bench/results/archive-*.json.
 */
import { mkdtemp, rm, stat, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_DIR, ROOT } from '../lib/config.mjs';

const env = process.env;
const rows = Number(env.BENCH_ARCHIVE_ROWS || 1_000_000);
const database = env.BENCH_ARCHIVE_DB || 'process_todo_bench_archive';
const adminUrl = env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const AIM = 50_000;
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const url = new URL(adminUrl);
url.pathname = `/${database}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
await admin.end();

const dir = await mkdtemp(join(tmpdir(), 'archive-bench-'));
Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: url.toString(),
  ARCHIVE_DIR: dir,
  DATA_DIR: dir,
  LOG_LEVEL: env.LOG_LEVEL || 'warn',
  ADMIN_EMAIL: 'bench-admin@example.com',
  ADMIN_PASSWORD: 'a bench password of some length',
});
const { createApp } = await import(join(ROOT, 'dist/src/app.factory.js'));
const { loadConfig } = await import(join(ROOT, 'dist/src/config/load-config.js'));
const { ScheduleRunner } = await import(join(ROOT, 'dist/src/platform/scheduling/schedule-runner.js'));
const app = await createApp(loadConfig());
await app.init();

const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
try {
  const now = new Date();
  const monthBack = (back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const months = [monthBack(5), monthBack(4)];
  // The first month gets its own partition (dropped whole); the second lands in the default one (its rows deleted).
  const [partitioned] = months;
  const name = (d) => `audit_logs_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const end = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  await db.query(`CREATE TABLE ${name(partitioned)} PARTITION OF audit_logs FOR VALUES FROM ('${partitioned.toISOString()}') TO ('${end(partitioned).toISOString()}')`);
  const seeded = performance.now();
  for (const month of months) {
    const span = end(month).getTime() - month.getTime() - 1;
    const count = Math.floor(rows / 2);
    await db.query(
      `INSERT INTO audit_logs (occurred_at, actor_id, actor_role, action, resource_type, resource_id, changes, trace_id, ip, user_agent)
       SELECT to_timestamp(($1::bigint + floor(i::float8 / $3 * $2)::bigint) / 1000.0), gen_random_uuid(), 'member', 'task.update', 'task',
              gen_random_uuid(), jsonb_build_object('title', jsonb_build_object('before', 'Draft ' || i, 'after', 'Final ' || i),
              'priority', jsonb_build_object('before', 'medium', 'after', 'high')), gen_random_uuid()::text, '10.0.0.' || (i % 250), 'bench/1.0'
       FROM generate_series(0, $3 - 1) AS i`,
      [month.getTime(), span, count],
    );
  }
  await db.query('VACUUM ANALYZE audit_logs');
  const size = async () => (await db.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass`)).rows[0].s;
  const before = await size();
  log(`seeded ${rows} entries in ${((performance.now() - seeded) / 1000).toFixed(1)} s; audit_logs ${before}`);

  const started = performance.now();
  const outcome = await app.get(ScheduleRunner).runNow('audit-archive');
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ran || outcome.status !== 'succeeded') throw new Error(`the archive did not succeed: ${JSON.stringify(outcome)}`);
  const [run] = (await db.query(`SELECT months FROM audit_archive_runs ORDER BY started_at DESC LIMIT 1`)).rows;
  const after = await size();

  console.log('\nmonth      removal             rows        rows/s    file MB  aim');
  console.log('---------  -----------------  ----------  --------  -------  ----');
  for (const m of run.months) {
    const bytes = (await stat(join(dir, m.file))).size;
    console.log(
      `${m.month}    ${m.removal.padEnd(17)}  ${String(m.rows).padStart(10)}  ${String(m.rowsPerSecond).padStart(8)}  ${(bytes / 1e6).toFixed(1).padStart(7)}  ${m.rowsPerSecond >= AIM ? 'ok' : 'MISS'}`,
    );
  }
  console.log(`\nwhole run: ${outcome.items} entries in ${seconds.toFixed(1)} s (${Math.round(outcome.items / seconds)}/s); audit_logs ${before} -> ${after}`);
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', `archive-${new Date().toISOString().replaceAll(':', '-')}.json`);
  await writeFile(file, `${JSON.stringify({ rows, seconds, months: run.months, sizeBefore: before, sizeAfter: after }, null, 2)}\n`);
  console.log(`results: ${file.slice(ROOT.length + 1)}`);
} finally {
  await db.end();
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
