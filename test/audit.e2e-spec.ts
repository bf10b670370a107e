import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The audit log (SPEC-DOM-6): every change writes its entry in its own transaction, with
 * the actor, the fields before and after and the request's trace id; the database keeps
 * the log append-only.
 */
let t: TestApp;
let db: DataSource;
let adminId: string;
const PASSWORD = 'a long enough password';

interface Entry {
  id: string;
  action: string;
  actorId: string | null;
  actorRole: string;
  resourceType: string;
  resourceId: string;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  traceId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** The newest entry of a resource, read back through the API. */
async function latest(resourceType: string, resourceId: string): Promise<Entry> {
  const response = await t.request('GET', `/audit-logs?resourceType=${resourceType}&resourceId=${resourceId}&limit=1`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.items).toHaveLength(1);
  return response.body.items[0];
}

async function actions(resourceType: string, resourceId: string): Promise<string[]> {
  const rows: { action: string }[] = await db.query(
    'SELECT action FROM audit_logs WHERE resource_type = $1 AND resource_id = $2 ORDER BY occurred_at, id',
    [resourceType, resourceId],
  );
  return rows.map((row) => row.action);
}

const created = (response: { status: number; body: any }) => {
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
};

beforeAll(async () => {
  t = await startTestApp();
  db = t.app.get(DataSource);
  adminId = (await t.request('GET', '/me')).body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('audit entries of every change', () => {
  it('records a task created, changed and deleted: actor, diff, trace id, ip and user agent', async () => {
    const headers = { 'user-agent': 'audit-test/1.0' };
    const task = created(await t.request('POST', '/tasks', { body: { title: 'Draft', tags: ['a'] }, headers }));
    const creation = await latest('task', task.id);
    expect(creation).toMatchObject({
      action: 'task.create',
      actorId: adminId,
      actorRole: 'admin',
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      changes: { title: { before: null, after: 'Draft' }, tags: { before: null, after: ['a'] }, status: { before: null, after: 'todo' } },
    });

    const patch = await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Final', priority: 'high' }, headers });
    expect(patch.status).toBe(200);
    const update = await latest('task', task.id);
    expect(update).toMatchObject({
      action: 'task.update',
      traceId: patch.headers.get('x-request-id'),
      changes: { title: { before: 'Draft', after: 'Final' }, priority: { before: 'medium', after: 'high' } },
    });
    // Bookkeeping is not a change.
    expect(Object.keys(update.changes!).sort()).toEqual(['priority', 'title']);

    // A change to what is already there writes nothing, and records nothing.
    await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Final' } });
    expect((await t.request('DELETE', `/tasks/${task.id}`)).status).toBe(204);
    expect(await actions('task', task.id)).toEqual(['task.create', 'task.update', 'task.delete']);
    expect((await latest('task', task.id)).changes).toMatchObject({ title: { before: 'Final', after: null } });

    // The deleted task keeps its history; one that never existed has none (404).
    const history = await t.request('GET', `/tasks/${task.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((entry: Entry) => entry.action)).toEqual(['task.delete', 'task.update', 'task.create']);
    expect((await t.request('GET', `/tasks/${randomUUID()}/history`)).status).toBe(404);
  });

  it('records templates, calendars, cases with their steps and replans', async () => {
    const template = created(
      await t.request('POST', '/process-templates', {
        body: { name: 'Audit', steps: [{ key: 'collect', name: 'Collect', durationDays: 2 }, { key: 'approve', name: 'Approve', durationDays: 1, dependsOn: ['collect'] }] },
      }),
    );
    const revised = await t.request('PUT', `/process-templates/${template.id}`, {
      body: { name: 'Audit v2', steps: [{ key: 'collect', name: 'Collect', durationDays: 3 }, { key: 'approve', name: 'Approve', durationDays: 1, dependsOn: ['collect'] }] },
    });
    expect(revised.status).toBe(200);
    expect((await latest('template', template.id)).changes).toMatchObject({ name: { before: 'Audit', after: 'Audit v2' } });

    const calendar = created(await t.request('POST', '/calendars', { body: { code: `audit-${randomUUID().slice(0, 8)}`, name: 'Audit' } }));
    await t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { holidays: [{ date: '2026-12-25', name: 'Christmas' }] } });
    expect(await latest('calendar', calendar.id)).toMatchObject({
      action: 'calendar.add_holidays',
      changes: { 'holidays.2026-12-25': { before: null, after: 'Christmas' } },
    });
    await t.request('DELETE', `/calendars/${calendar.id}/holidays/2026-12-25`);
    await t.request('PUT', `/calendars/${calendar.id}/week`, { body: { workingWeekdays: [1, 2, 3, 4] } });
    expect(await actions('calendar', calendar.id)).toEqual([
      'calendar.create',
      'calendar.add_holidays',
      'calendar.remove_holiday',
      'calendar.set_working_week',
    ]);

    const aCase = created(
      await t.request('POST', '/cases', { body: { templateId: template.id, calendarId: calendar.id, title: 'Audit case', goalDate: '2027-03-01' } }),
    );
    const step = await t.request('PATCH', `/cases/${aCase.id}/steps/collect`, { body: { status: 'in_progress' } });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    const stepEntry = await latest('case', aCase.id);
    expect(stepEntry.action).toBe('case.step_update');
    // The step that changed (and the case's status it moved), not its neighbour.
    expect(stepEntry.changes).toHaveProperty(['steps.collect']);
    expect(stepEntry.changes).not.toHaveProperty(['steps.approve']);
    expect(stepEntry.changes!['steps.collect']).toMatchObject({ before: { status: 'todo' }, after: { status: 'in_progress' } });

    const version = (await t.request('GET', `/cases/${aCase.id}`)).body.version;
    const replan = await t.request('POST', `/cases/${aCase.id}/replan/apply`, {
      body: { goalDate: '2027-03-15' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(replan.status, JSON.stringify(replan.body)).toBe(200);
    const replanEntry = await latest('case', aCase.id);
    expect(replanEntry).toMatchObject({ action: 'case.replan', changes: { goalDate: { before: '2027-03-01', after: '2027-03-15' } } });

    const history = await t.request('GET', `/cases/${aCase.id}/history?limit=2`);
    expect(history.body.items.map((entry: Entry) => entry.action)).toEqual(['case.replan', 'case.step_update']);
    const rest = await t.request('GET', `/cases/${aCase.id}/history?limit=2&cursor=${history.body.nextCursor}`);
    expect(rest.body).toMatchObject({ items: [{ action: 'case.create' }], nextCursor: null });
  });

  it('records users and sign-in: never a password or its hash, failures as anonymous, the lock', async () => {
    const email = `audited-${randomUUID()}@example.com`;
    const user = created(await t.request('POST', '/users', { body: { email, name: 'Audited', password: PASSWORD, role: 'member' } }));
    const creation = await latest('user', user.id);
    expect(creation).toMatchObject({ action: 'user.create', changes: { email: { after: email }, role: { after: 'member' } } });
    expect(JSON.stringify(creation)).not.toMatch(/password|argon/i);

    const login = await t.signIn(email, PASSWORD);
    expect(await latest('user', user.id)).toMatchObject({ action: 'user.login', actorId: user.id, actorRole: 'member' });
    const changed = await t.request('PATCH', '/me/password', {
      token: login.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'another long password' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    expect(await latest('user', user.id)).toMatchObject({ action: 'user.change_password', actorId: user.id, changes: null });

    for (let i = 0; i < 5; i++) {
      const refused = await t.request('POST', '/auth/login', { anonymous: true, body: { email, password: 'not the password at all' } });
      expect(refused.status).toBe(401);
    }
    const failures = (await t.request('GET', `/audit-logs?resourceId=${user.id}&limit=5`)).body.items as Entry[];
    expect(failures.map((entry) => entry.action)).toEqual(['user.lock', ...Array(4).fill('user.login_failed')]);
    expect(failures[4]).toMatchObject({ actorId: null, actorRole: 'anonymous', changes: { failedLogins: { before: 0, after: 1 } } });

    const promoted = await t.request('PATCH', `/users/${user.id}`, { body: { role: 'manager' } });
    expect(promoted.status).toBe(200);
    expect(await latest('user', user.id)).toMatchObject({ action: 'user.update', actorId: adminId, changes: { role: { before: 'member', after: 'manager' } } });
  });
});

describe('a change and its entry commit together', () => {
  it('leaves neither when the transaction fails after the audit insert', async () => {
    // A deferred trigger fails at commit, after both the update and its entry were written.
    await db.query(`
      CREATE FUNCTION doom_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.changes -> 'title' ->> 'after' = 'doomed' THEN RAISE EXCEPTION 'injected failure at commit'; END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE CONSTRAINT TRIGGER doom_audit AFTER INSERT ON audit_logs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION doom_audit()`,
    );
    try {
      const task = created(await t.request('POST', '/tasks', { body: { title: 'Survivor' } }));
      const doomed = await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'doomed' } });
      expect(doomed.status).toBeGreaterThanOrEqual(500);
      expect((await t.request('GET', `/tasks/${task.id}`)).body).toMatchObject({ title: 'Survivor', version: 1 });
      expect(await actions('task', task.id)).toEqual(['task.create']);

      const refusedCreate = await t.request('POST', '/tasks', { body: { title: 'doomed' } });
      expect(refusedCreate.status).toBeGreaterThanOrEqual(500);
      const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM tasks WHERE title = 'doomed'`);
      expect(count).toBe(0);
    } finally {
      await db.query('DROP TRIGGER doom_audit ON audit_logs');
      await db.query('DROP FUNCTION doom_audit()');
    }
  });

  it('leaves no entry for a change the model refuses', async () => {
    const task = created(await t.request('POST', '/tasks', { body: { title: 'Closed' } }));
    await t.request('PATCH', `/tasks/${task.id}`, { body: { status: 'cancelled' } });
    const refused = await t.request('PATCH', `/tasks/${task.id}`, { body: { title: 'Edited while cancelled' } });
    expect(refused.status).toBe(409);
    expect(await actions('task', task.id)).toEqual(['task.create', 'task.update']);
  });
});

describe('the database keeps the log append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, and lets only the archive delete', async () => {
    created(await t.request('POST', '/tasks', { body: { title: 'Evidence' } }));
    await expect(db.query(`UPDATE audit_logs SET action = 'task.forged'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_logs`)).rejects.toThrow(/append-only/);

    const [{ before }] = await db.query('SELECT count(*)::int AS before FROM audit_logs');
    await db.transaction(async (manager) => {
      await manager.query(`SET LOCAL process_todo.audit_archive = 'on'`);
      await manager.query(`DELETE FROM audit_logs WHERE id = (SELECT max(id) FROM audit_logs)`);
    });
    const [{ after }] = await db.query('SELECT count(*)::int AS after FROM audit_logs');
    expect(after).toBe(before - 1);
    // The flag was the transaction's own.
    await expect(db.query(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
  });
});

describe('GET /audit-logs', () => {
  it('filters by actor, action and time, pages newest first, and is for admins only', async () => {
    const email = `reader-${randomUUID()}@example.com`;
    created(await t.request('POST', '/users', { body: { email, name: 'Reader', password: PASSWORD, role: 'manager' } }));
    const manager = await t.signIn(email, PASSWORD);
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(created(await t.request('POST', '/tasks', { token: manager.accessToken, body: { title: `By manager ${i}` } })).id);

    const managerId = (await t.request('GET', '/me', { token: manager.accessToken })).body.id;
    const first = await t.request('GET', `/audit-logs?actorId=${managerId}&action=task.create&from=${since}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((entry: Entry) => entry.resourceId)).toEqual([ids[2], ids[1]]);
    const second = await t.request('GET', `/audit-logs?actorId=${managerId}&action=task.create&from=${since}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ resourceId: ids[0] }], nextCursor: null });
    expect((await t.request('GET', `/audit-logs?actorId=${managerId}&to=${since}`)).body.items.filter((e: Entry) => e.action === 'task.create')).toEqual([]);

    expect((await t.request('GET', '/audit-logs', { token: manager.accessToken })).status).toBe(403);
    // Who may read a task may read its history.
    expect((await t.request('GET', `/tasks/${ids[0]}/history`, { token: manager.accessToken })).status).toBe(200);
    for (const query of ['action=DROP%20TABLE', 'resourceType=planet', 'from=yesterday', 'actorId=42', 'cursor=forged']) {
      const bad = await t.request('GET', `/audit-logs?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});
