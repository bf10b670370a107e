import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { entryArgs } from './support/child/entry.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthsBeforeCutoff, seedAuditMonth } from './support/audit-seed.js';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const COMMANDS = ['migrate', 'seed:demo', 'audit:archive', 'audit:restore', 'user:create', 'user:reset-password', 'jobs:retry-failed'];

/**
 * The operator CLI (src/cli.ts) in a process of its own, as an operator runs it, on the
 * database of this file: a PostgreSQL database of its own (DATABASE_URL set), which an app
 * serves the whole time, or an embedded one in a folder, which one process opens at a time,
 * so that the app is started on it only between the CLI's runs.
 */
describe('the operator CLI', () => {
  let dataDir: string;
  let postgresApp: TestApp | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cli-'));
    env = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ARCHIVE_DIR: join(dataDir, 'audit-archive'),
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    };
    // Human output, as an operator sees it: log lines as JSON only when LOG_LEVEL is set.
    delete env.LOG_LEVEL;
    if (process.env.DATABASE_URL) {
      postgresApp = await startTestApp();
      env.DATABASE_URL = postgresApp.databaseUrl!;
    } else {
      delete env.DATABASE_URL;
      delete env.REDIS_URL;
    }
  });
  afterAll(async () => {
    await postgresApp?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
    const childEnv = Object.fromEntries(Object.entries({ ...env, ...options.env }).filter(([, value]) => value !== undefined));
    const child = spawn(process.execPath, [...entryArgs('src/cli.ts'), ...args], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.stdin ?? '');
    return new Promise((resolve) =>
      child.once('exit', (code) => {
        // Everything it opened was closed: it ended by itself, not on its safety timer.
        expect(stderr).not.toContain('did not end by itself');
        resolve({ code, stdout, stderr });
      }),
    );
  }

  /**
   * `fn` with an app on the CLI's database: on PostgreSQL the one that runs all along; on
   * the embedded database one started for `fn` and stopped after it.
   */
  async function withApp<T>(fn: (t: TestApp) => Promise<T>): Promise<T> {
    if (postgresApp) return fn(postgresApp);
    const t = await startTestApp({ DATA_DIR: dataDir });
    try {
      return await fn(t);
    } finally {
      await t.close();
    }
  }

  describe('usage', () => {
    it('--help lists every command and exits 0, and so does each command\'s own --help', async () => {
      const help = await cli(['--help']);
      expect(help.code, help.stderr).toBe(0);
      for (const command of COMMANDS) expect(help.stdout).toContain(command);
      expect(help.stdout).toMatch(/Exit codes: 0 done, 1 failed, 2 wrong usage/);
      for (const command of COMMANDS) {
        const own = await cli([command, '--help']);
        expect(own.code, `${command} --help: ${own.stderr}`).toBe(0);
        expect(own.stdout).toContain(`Usage: npm run cli -- ${command}`);
      }
    }, 120_000);

    it('exits 2 on an unknown command, an unknown option, a missing argument or a role that is none, opening no database', async () => {
      const untouched = join(dataDir, 'never-opened');
      const runs: CliRun[] = [];
      for (const args of [['nope'], ['user:create', '--bogus', 'a@example.com'], ['user:reset-password'], ['user:create', 'a@example.com', '--role', 'boss'], []]) {
        runs.push(await cli(args, { env: { DATABASE_URL: undefined, DATA_DIR: untouched } }));
      }
      expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2, 2]);
      expect(runs[0]!.stderr).toContain("unknown command 'nope'");
      expect(runs[1]!.stderr).toContain("unknown option '--bogus'");
      expect(runs[2]!.stderr).toContain("missing required argument 'email'");
      expect(runs[3]!.stderr).toContain('--role boss: must be one of admin, manager, member, viewer');
      expect(existsSync(untouched)).toBe(false);
    }, 120_000);
  });

  it('migrate applies what is pending, then finds nothing to do', async () => {
    const first = await cli(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    // On PostgreSQL the app migrated the database at its start already.
    expect(first.stdout).toMatch(postgresApp ? /up to date: no migration is pending/ : /applied AuditCliActor\d+/);
    const again = await cli(['migrate']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('the database is up to date: no migration is pending');
  }, 60_000);

  it('seed:demo puts in a calendar, two templates and cases at their stages, which the API shows; a second run adds nothing', async () => {
    const seeded = await cli(['seed:demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^seeded the demo: 13 item\(s\) added, 0 there already$/m);
    expect(seeded.stdout).toMatch(/^password of the demo users added now \(shown only now\): \S{24}$/m);
    expect(seeded.stderr).toContain('created case "Month-end close: Northwind Traders Europe GmbH"');
    const again = await cli(['seed:demo']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^already seeded: the demo data is there \(13 items\), nothing was added$/m);
    expect(again.stdout).not.toContain('password');

    await withApp(async (t) => {
      const today = new Date().toISOString().slice(0, 10);
      const calendars = (await t.request('GET', '/calendars?limit=100')).body.items.filter((c: any) => c.code === 'us-federal');
      expect(calendars).toEqual([expect.objectContaining({ name: 'United States (federal holidays)', workingWeekdays: [1, 2, 3, 4, 5], holidayCount: 23 })]);
      const calendar = (await t.request('GET', `/calendars/${calendars[0].id}`)).body;
      expect(calendar.holidays).toContainEqual({ date: '2026-11-26', name: 'Thanksgiving Day' });
      expect(calendar.holidays).toContainEqual({ date: '2027-07-05', name: 'Independence Day (observed)' });

      const templates = (await t.request('GET', '/process-templates?limit=100')).body.items;
      expect(templates.map((template: any) => [template.name, template.stepCount]).sort()).toEqual([
        ['Employee onboarding', 9],
        ['Monthly financial close', 11],
      ]);
      const onboarding = (await t.request('GET', `/process-templates/${templates.find((x: any) => x.name === 'Employee onboarding').id}`)).body;
      expect(onboarding.steps.find((step: any) => step.key === 'first-day')).toMatchObject({ dependsOn: ['laptop-setup', 'workspace', 'payroll', 'plan'], lagDays: 1 });
      expect(onboarding.steps.every((step: any) => typeof step.defaultAssigneeId === 'string')).toBe(true);

      const cases = (await t.request('GET', '/cases?limit=100')).body.items;
      const byTitle = Object.fromEntries(cases.map((c: any) => [c.title, c]));
      expect(cases).toHaveLength(5);
      expect(byTitle['Onboarding: Sofia Alvarez, Product Designer']).toMatchObject({ status: 'completed', stepsFinished: 9, stepsTotal: 9, nextDue: null });
      expect(byTitle['Onboarding: Priya Natarajan, Software Engineer']).toMatchObject({ status: 'in_progress', stepsFinished: 2, stepsTotal: 9 });
      expect(byTitle['Onboarding: Daniel Brooks, Account Executive']).toMatchObject({ status: 'open', stepsFinished: 0, stepsTotal: 9 });
      expect(byTitle['Month-end close: Northwind Traders Inc.']).toMatchObject({ status: 'in_progress', stepsFinished: 2, stepsTotal: 11 });
      const late = byTitle['Month-end close: Northwind Traders Europe GmbH'];
      expect(late).toMatchObject({ status: 'in_progress', stepsFinished: 6, stepsTotal: 11 });
      // Late: its goal has passed, and work is still open.
      expect(late.goalDate < today).toBe(true);
      expect(late.nextDue < today).toBe(true);
      const lateCase = (await t.request('GET', `/cases/${late.id}`)).body;
      expect(lateCase.steps.find((step: any) => step.key === 'intercompany')).toMatchObject({ status: 'blocked' });
      expect(lateCase.steps.every((step: any) => typeof step.assigneeId === 'string')).toBe(true);
      // Every demo row came in through the use cases, audited as the CLI.
      const entries = (await t.request('GET', `/cases/${late.id}/history?limit=100`)).body.items;
      expect(entries.length).toBeGreaterThan(1);
      for (const entry of entries) expect(entry).toMatchObject({ actorRole: 'cli', actorId: null, userAgent: expect.stringContaining('seed:demo (os user ') });
    });
  }, 180_000);

  it('user:create makes a user who signs in with the password given on stdin, audited as the CLI', async () => {
    const password = 'correct pony battery clip';
    const created = await cli(['user:create', 'Ops.Lead@Example.com', '--name', 'Ops Lead', '--role', 'admin', '--password-stdin'], { stdin: `${password}\n` });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^created admin ops.lead@example.com \(id [0-9a-f-]{36}\)$/m);
    expect(created.stdout).not.toContain(password);
    const taken = await cli(['user:create', 'ops.lead@example.com', '--password-stdin'], { stdin: password });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('error: a user with this e-mail address exists');

    await withApp(async (t) => {
      const { accessToken } = await t.signIn('ops.lead@example.com', password);
      expect((await t.request('GET', '/me', { token: accessToken })).body).toMatchObject({ email: 'ops.lead@example.com', name: 'Ops Lead', role: 'admin' });
      const [entry] = (await t.request('GET', '/audit-logs?action=user.create&limit=100')).body.items.filter((e: any) => e.changes?.email?.after === 'ops.lead@example.com');
      expect(entry).toMatchObject({ actorRole: 'cli', actorId: null, userAgent: expect.stringMatching(/^process-todo-cli\/\S+ user:create \(os user \S+\)$/) });
    });
  }, 120_000);

  it('user:reset-password: the old password is refused, the new one (made and printed once) signs in, and the sessions have ended', async () => {
    const email = 'reset.me@example.com';
    const created = await cli(['user:create', email]);
    expect(created.code, created.stderr).toBe(0);
    const oldPassword = /^password \(shown only now\): (\S+)$/m.exec(created.stdout)![1]!;
    const session = await withApp((t) => t.signIn(email, oldPassword));

    const reset = await cli(['user:reset-password', email]);
    expect(reset.code, reset.stderr).toBe(0);
    const newPassword = /^password \(shown only now\): (\S+)$/m.exec(reset.stdout)![1]!;
    expect(newPassword).not.toBe(oldPassword);
    expect(reset.stderr).not.toContain(newPassword);

    await withApp(async (t) => {
      const old = await t.request('POST', '/auth/login', { anonymous: true, body: { email, password: oldPassword } });
      expect(old.status).toBe(401);
      await t.signIn(email, newPassword);
      const refresh = await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: session.refreshToken } });
      expect(refresh.status).toBe(401);
      const [entry] = (await t.request('GET', '/audit-logs?action=user.reset_password&limit=100')).body.items;
      expect(entry).toMatchObject({ actorRole: 'cli', changes: null });
    });
  }, 120_000);

  it('audit:archive moves the old months out with its progress shown, and audit:restore puts them back once', async () => {
    const [month] = monthsBeforeCutoff(new Date(), 1);
    await withApp((t) => seedAuditMonth(t.app.get(DataSource), month!, 2_500, false));
    const batches = { env: { AUDIT_ARCHIVE_BATCH_ROWS: '1000' } };
    const plan = await cli(['audit:archive', '--dry-run'], batches);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`^would archive 2500 audit entries before \\S+:\n  ${month}: 2500 entries$`, 'm'));

    const archived = await cli(['audit:archive'], batches);
    expect(archived.code, archived.stderr).toBe(0);
    expect(archived.stdout).toMatch(/^archive run \S+ succeeded: 2500 entries in 1 month\(s\)/m);
    expect(archived.stdout).toContain(`${month}: 2500 entries -> audit-logs-${month}.ndjson.gz (rows deleted`);
    // Progress, batch by batch, on stderr.
    for (const rows of [1000, 2000, 2500]) expect(archived.stderr).toContain(`wrote ${rows} audit entries of ${month}`);

    const file = join(dataDir, 'audit-archive', `audit-logs-${month}.ndjson.gz`);
    const restored = await cli(['audit:restore', file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`${file}: ${month}, 2500 of 2500 entries restored (0 were there)`);
    const again = await cli(['audit:restore', file]);
    expect(again.stdout).toContain(`${file}: ${month}, 0 of 2500 entries restored (2500 were there)`);
    const forged = join(dataDir, 'forged.ndjson.gz');
    await writeFile(forged, 'not an archive');
    const refused = await cli(['audit:restore', forged]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('forged.ndjson.gz has no manifest beside it');

    const rows = await withApp(async (t) => {
      const [row] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_logs WHERE to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') = $1`, [month]);
      return row.n;
    });
    expect(rows).toBe(2_500);
  }, 180_000);

  // Bull keeps its failed jobs in Redis; without REDIS_URL they are outbox rows, which a test can write.
  it.runIf(!process.env.REDIS_URL)('jobs:retry-failed retries each failed job once, through the outbox, audited as the CLI', async () => {
    const failedId = randomUUID();
    await withApp((t) =>
      t.app.get(DataSource).query(
        `INSERT INTO outbox_messages (id, kind, data, created_at, dispatched_at, attempts_made, failed_at, last_error)
         VALUES ($1, 'send-email', '{}', now() - interval '1 hour', now(), 5, now(), 'the e-mail service answered 503')`,
        [failedId],
      ),
    );
    const plan = await cli(['jobs:retry-failed', '--dry-run']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`would retry ${failedId} (send-email)`);
    const retried = await cli(['jobs:retry-failed']);
    expect(retried.code, retried.stderr).toBe(0);
    const retryId = new RegExp(`retried ${failedId} \\(send-email\\) as (\\S+)$`, 'm').exec(retried.stdout)?.[1];
    expect(retryId, retried.stdout).toBeDefined();
    expect((await cli(['jobs:retry-failed'])).stdout).toContain('no failed job to retry');

    await withApp(async (t) => {
      expect((await t.request('GET', `/admin/jobs/${failedId}`)).body).toMatchObject({ state: 'failed', retriedAs: retryId });
      const entries = (await t.request('GET', '/audit-logs?action=job.retry&limit=100')).body.items;
      expect(entries.find((entry: any) => entry.resourceId === failedId)).toMatchObject({ actorRole: 'cli', userAgent: expect.stringContaining('jobs:retry-failed') });
    });
  }, 120_000);

  it('a command that fails exits 1 and says why', async () => {
    const unknown = await cli(['user:reset-password', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: user nobody@example.com does not exist$/m);
    const notAJob = await cli(['jobs:retry-failed', '00000000-0000-4000-8000-000000000000']);
    expect(notAJob.code).toBe(1);
    expect(notAJob.stderr).toContain('is not in the queue');
    const bad = await cli(['seed:demo'], { env: { PORT: 'eighty' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('config: PORT: got "eighty"');
  }, 120_000);

  it.runIf(!process.env.DATABASE_URL)('refuses the embedded database while an app holds it, with exit 1 and what to do', async () => {
    await withApp(async () => {
      const busy = await cli(['seed:demo']);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/^error: the embedded database in .+ is in use by process \d+ on .+: only one process may open it\. Stop that process first, or use PostgreSQL \(DATABASE_URL\)/m);
    });
  }, 120_000);
});
