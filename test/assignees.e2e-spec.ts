import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

/** Work goes only to people who can do it: an existing, active user (422 otherwise, naming the field). */
let t: TestApp;
let active: string;
let deactivated: string;
let templateId: string;
let calendarId: string;

const refused = (response: TestResponse, field: string) => {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  expect(response.body.errors).toEqual([{ field, message: 'is not an active user' }]);
};

beforeAll(async () => {
  t = await startTestApp();
  active = (await t.newUser()).id;
  deactivated = (await t.newUser()).id;
  expect((await t.request('PATCH', `/users/${deactivated}`, { body: { active: false } })).status).toBe(200);
  templateId = (await t.request('POST', '/process-templates', { body: { name: 'Assign', steps: [{ key: 'a', name: 'A', durationDays: 1 }] } })).body.id;
  calendarId = (await t.request('POST', '/calendars', { body: { code: `as-${randomUUID().slice(0, 8)}`, name: 'Assign' } })).body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('assigning work', () => {
  it('gives a task to an active user, and refuses an unknown or deactivated one', async () => {
    const task = await t.request('POST', '/tasks', { body: { title: 'Assigned', assigneeId: active } });
    expect(task.status).toBe(201);
    refused(await t.request('POST', '/tasks', { body: { title: 'Nobody', assigneeId: randomUUID() } }), 'assigneeId');
    refused(await t.request('PATCH', `/tasks/${task.body.id}`, { body: { assigneeId: deactivated } }), 'assigneeId');
    // Nothing changed, and taking the task back from anyone is always allowed.
    expect((await t.request('GET', `/tasks/${task.body.id}`)).body).toMatchObject({ assigneeId: active, version: 1 });
    expect((await t.request('PATCH', `/tasks/${task.body.id}`, { body: { assigneeId: null } })).status).toBe(200);
  });

  it('gives case steps to active users only, at the start and later', async () => {
    const body = { templateId, calendarId, title: 'Assign', goalDate: '2027-03-01' };
    refused(await t.request('POST', '/cases', { body: { ...body, assignees: { a: deactivated } } }), 'assignees.a');
    const started = await t.request('POST', '/cases', { body: { ...body, assignees: { a: active } } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    refused(await t.request('PATCH', `/cases/${started.body.id}/steps/a`, { body: { assigneeId: randomUUID() } }), 'assigneeId');
  });

  it('names only active users as a template step default assignee', async () => {
    const steps = [
      { key: 'a', name: 'A', durationDays: 1, defaultAssigneeId: active },
      { key: 'b', name: 'B', durationDays: 1, defaultAssigneeId: deactivated },
    ];
    refused(await t.request('POST', '/process-templates', { body: { name: 'Defaults', steps } }), 'steps.1.defaultAssigneeId');
    refused(await t.request('PUT', `/process-templates/${templateId}`, { body: { name: 'Defaults', steps } }), 'steps.1.defaultAssigneeId');
  });
});
