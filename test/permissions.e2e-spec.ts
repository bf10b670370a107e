import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantOf } from '../src/modules/users/domain/permissions.js';
import type { Action, Resource } from '../src/shared/domain/permission.js';
import { USER_ROLES, type UserRole } from '../src/shared/domain/user-role.js';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

let t: TestApp;
const tokens = {} as Record<UserRole, string>;
let ids: { task: () => Promise<string>; template: string; calendar: string; case: string; user: string };

const created = (response: TestResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

beforeAll(async () => {
  t = await startTestApp();
  for (const role of USER_ROLES) {
    const email = `${role}-${randomUUID()}@example.com`;
    created(await t.request('POST', '/users', { body: { email, name: role, password: 'a long enough password', role } }));
    tokens[role] = (await t.signIn(email, 'a long enough password')).accessToken;
  }
  const calendar = created(await t.request('POST', '/calendars', { body: { code: `perm-${randomUUID().slice(0, 8)}`, name: 'Perm' } }));
  const template = created(
    await t.request('POST', '/process-templates', { body: { name: 'Perm', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } }),
  );
  const aCase = created(
    await t.request('POST', '/cases', { body: { templateId: template, calendarId: calendar, title: 'Perm', goalDate: '2027-03-01' } }),
  );
  const user = created(
    await t.request('POST', '/users', { body: { email: `target-${randomUUID()}@example.com`, name: 'Target', password: 'a long enough password', role: 'viewer' } }),
  );
  ids = {
    task: async () => created(await t.request('POST', '/tasks', { body: { title: 'Perm task' } })),
    template,
    calendar,
    case: aCase,
    user,
  };
});
afterAll(async () => {
  await t?.close();
});

/** One representative request per resource and action. */
const requests: Partial<Record<Resource, Partial<Record<Action, (token: string) => Promise<TestResponse>>>>> = {
  tasks: {
    read: (token) => t.request('GET', '/tasks', { token }),
    create: (token) => t.request('POST', '/tasks', { token, body: { title: 'By role' } }),
    update: async (token) => t.request('PATCH', `/tasks/${await ids.task()}`, { token, body: { title: 'Changed' } }),
    delete: async (token) => t.request('DELETE', `/tasks/${await ids.task()}`, { token }),
  },
  templates: {
    read: (token) => t.request('GET', '/process-templates', { token }),
    create: (token) => t.request('POST', '/process-templates', { token, body: { name: 'By role', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } }),
    update: (token) => t.request('PUT', `/process-templates/${ids.template}`, { token, body: { name: 'Changed', steps: [{ key: 'a', name: 'A', durationDays: 2 }] } }),
  },
  calendars: {
    read: (token) => t.request('GET', '/calendars', { token }),
    create: (token) => t.request('POST', '/calendars', { token, body: { code: `r-${randomUUID().slice(0, 8)}`, name: 'By role' } }),
    update: (token) => t.request('PUT', `/calendars/${ids.calendar}/week`, { token, body: { workingWeekdays: [1, 2, 3, 4, 5] } }),
  },
  cases: {
    read: (token) => t.request('GET', '/cases', { token }),
    create: (token) => t.request('POST', '/cases', { token, body: { templateId: ids.template, calendarId: ids.calendar, title: 'By role', goalDate: '2027-03-01' } }),
    update: (token) => t.request('PATCH', `/cases/${ids.case}`, { token, body: { title: 'Changed' } }),
  },
  users: {
    read: (token) => t.request('GET', '/users', { token }),
    create: (token) => t.request('POST', '/users', { token, body: { email: `n-${randomUUID()}@example.com`, name: 'New', password: 'a long enough password', role: 'viewer' } }),
    update: (token) => t.request('PATCH', `/users/${ids.user}`, { token, body: { name: 'Renamed' } }),
  },
  admin: {
    read: (token) => t.request('GET', '/admin/schedules', { token }),
  },
};

const cases = USER_ROLES.flatMap((role) =>
  Object.entries(requests).flatMap(([resource, actions]) =>
    Object.entries(actions!).map(([action, send]) => ({
      role,
      resource: resource as Resource,
      action: action as Action,
      send,
      grant: grantOf(role, resource as Resource, action as Action),
    })),
  ),
);

describe('the permission table, route by route (generated from it)', () => {
  // The representative resources are the admin's: an `own` grant passes the table, and the
  // use case refuses them as someone else's.
  it.each(cases)('$role $action $resource: grant $grant', async ({ role, resource, send, grant }) => {
    const response = await send(tokens[role]);
    if (grant === 'all') {
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(400);
    } else {
      expect(response.status).toBe(403);
      const own = resource === 'cases' ? 'not-your-case' : 'not-your-task';
      expect(response.body.type).toBe(`urn:process-todo:problem:${grant === 'own' ? own : 'access-denied'}`);
    }
  });

  it("lets a member change and delete only a task they created or are assigned (the table's own)", async () => {
    const mine = (await t.request('POST', '/tasks', { token: tokens.member, body: { title: 'Mine' } })).body;
    expect(mine.createdBy).toEqual(expect.any(String));
    expect((await t.request('PATCH', `/tasks/${mine.id}`, { token: tokens.member, body: { title: 'Still mine' } })).status).toBe(200);
    const memberId = mine.createdBy;
    const assigned = (await t.request('POST', '/tasks', { body: { title: 'Assigned', assigneeId: memberId } })).body;
    expect((await t.request('PATCH', `/tasks/${assigned.id}`, { token: tokens.member, body: { status: 'in_progress' } })).status).toBe(200);
    const others = (await t.request('POST', '/tasks', { body: { title: 'Not theirs' } })).body;
    const denied = await t.request('PATCH', `/tasks/${others.id}`, { token: tokens.member, body: { title: 'Taken' } });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('urn:process-todo:problem:not-your-task');
    expect((await t.request('DELETE', `/tasks/${others.id}`, { token: tokens.member })).status).toBe(403);
    expect((await t.request('GET', `/tasks/${others.id}`)).body.title).toBe('Not theirs');
    expect((await t.request('DELETE', `/tasks/${mine.id}`, { token: tokens.member })).status).toBe(204);
  });

  it('lets a member change only a case they started, or a step assigned to them', async () => {
    const body = { templateId: ids.template, calendarId: ids.calendar, goalDate: '2027-03-01' };
    const mine = (await t.request('POST', '/cases', { token: tokens.member, body: { ...body, title: 'Mine' } })).body;
    expect(mine.createdBy).toEqual(expect.any(String));
    expect((await t.request('PATCH', `/cases/${mine.id}`, { token: tokens.member, body: { title: 'Still mine' } })).status).toBe(200);
    const memberId = mine.createdBy;
    const theirs = (await t.request('POST', '/cases', { body: { ...body, title: 'Theirs', assignees: { a: memberId } } })).body;
    const denied = await t.request('PATCH', `/cases/${theirs.id}`, { token: tokens.member, body: { title: 'Taken' } });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('urn:process-todo:problem:not-your-case');
    const step = await t.request('PATCH', `/cases/${theirs.id}/steps/a`, { token: tokens.member, body: { status: 'in_progress' } });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    const unassigned = (await t.request('POST', '/cases', { body: { ...body, title: 'Nobody' } })).body;
    expect((await t.request('PATCH', `/cases/${unassigned.id}/steps/a`, { token: tokens.member, body: { status: 'in_progress' } })).status).toBe(403);
  });

  it("shows a member their own work, and someone else's only to managers and admins", async () => {
    const mine = await t.request('GET', '/me/work', { token: tokens.member });
    expect(mine.status).toBe(200);
    const someone = randomUUID();
    expect((await t.request('GET', `/me/work?assigneeId=${someone}`, { token: tokens.member })).status).toBe(403);
    expect((await t.request('GET', `/me/work?assigneeId=${someone}`, { token: tokens.viewer })).status).toBe(403);
    expect((await t.request('GET', `/me/work?assigneeId=${someone}`, { token: tokens.manager })).status).toBe(200);
  });

  it('counts a non-admin setting a role as a privilege escalation', async () => {
    const response = await t.request('PATCH', `/users/${ids.user}`, { token: tokens.manager, body: { role: 'admin' } });
    expect(response.status).toBe(403);
    const metrics = String((await t.request('GET', '/metrics', { anonymous: true })).body);
    expect(Number(/^security_events_total\{event="privilege_escalation"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
