import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let calendarId: string;
let templateId: string;

const steps = [
  { key: 'collect', name: 'Collect documents', durationDays: 3 },
  { key: 'review', name: 'Review', durationDays: 2, dependsOn: ['collect'], lagDays: 1 },
  { key: 'approve', name: 'Approve budget', durationDays: 1, dependsOn: ['collect'] },
  { key: 'sign', name: 'Sign', durationDays: 1, dependsOn: ['review', 'approve'] },
];

beforeAll(async () => {
  t = await startTestApp();
  const calendar = await t.request('POST', '/calendars', {
    body: {
      code: `JP-${randomUUID().slice(0, 6)}`,
      name: 'Japan',
      // A holiday week: Mon 2026-12-07 .. Fri 2026-12-11.
      holidays: ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'].map((date) => ({ date })),
    },
  });
  expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
  calendarId = calendar.body.id;
  const template = await t.request('POST', '/process-templates', { body: { name: 'Onboarding', steps } });
  expect(template.status, JSON.stringify(template.body)).toBe(201);
  templateId = template.body.id;
});
afterAll(async () => {
  await t?.close();
});

async function createCase(body: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/cases', {
    body: { templateId, calendarId, title: 'Onboard ACME', goalDate: '2026-12-14', ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const datesOf = (c: { steps: { key: string; start: string; due: string }[] }) =>
  Object.fromEntries(c.steps.map((s) => [s.key, [s.start, s.due]]));

describe('POST /cases', () => {
  it('plans every step backward from the goal over the calendar, skipping the holiday week', async () => {
    const assignee = (await t.newUser()).id;
    const created = await createCase({ assignees: { sign: assignee } });
    expect(created).toMatchObject({ status: 'open', templateVersion: 1, goalDate: '2026-12-14', version: 1 });
    expect(datesOf(created)).toEqual({
      collect: ['2026-11-27', '2026-12-01'],
      review: ['2026-12-03', '2026-12-04'],
      approve: ['2026-12-04', '2026-12-04'],
      sign: ['2026-12-14', '2026-12-14'],
    });
    expect(created.criticalPath).toEqual(['collect', 'review', 'sign']);
    const least = Math.min(...created.slack.map((s: { slackDays: number }) => s.slackDays));
    const critical = created.slack.filter((s: { slackDays: number }) => s.slackDays === least);
    expect(critical.map((s: { stepKey: string }) => s.stepKey)).toEqual(created.criticalPath);
    const approve = created.slack.find((s: { stepKey: string }) => s.stepKey === 'approve');
    expect(approve.slackDays).toBe(least + 2); // one later due date, one lag day less
    expect(created.steps.find((s: { key: string }) => s.key === 'sign').assigneeId).toBe(assignee);
    const read = await t.request('GET', `/cases/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(datesOf(read.body)).toEqual(datesOf(created));
  });

  it('warns when the goal is too close, without moving anything', async () => {
    const created = await createCase({ goalDate: '2020-01-06' });
    expect(created.warnings.map((w: { code: string }) => w.code)).toContain('STARTS_BEFORE_TODAY');
    expect(created.steps.find((s: { key: string }) => s.key === 'sign').due).toBe('2020-01-06');
  });

  it.each([
    [{ templateId: randomUUID() }, 404],
    [{ calendarId: randomUUID() }, 404],
    [{ assignees: { nope: randomUUID() } }, 422],
    [{ goalDate: '2026-02-30' }, 400],
    [{ assignees: { sign: 'bob' } }, 400],
    [{ title: '' }, 400],
    [{ extra: 1 }, 400],
  ])('refuses %o with %i', async (override, status) => {
    const response = await t.request('POST', '/cases', {
      body: { templateId, calendarId, title: 'x', goalDate: '2026-12-14', ...override },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('keeps the template version it began with when the template changes', async () => {
    const template = await t.request('POST', '/process-templates', { body: { name: 'Audit', steps: steps.slice(0, 1) } });
    const before = await createCase({ templateId: template.body.id });
    const revised = await t.request('PUT', `/process-templates/${template.body.id}`, {
      body: { name: 'Audit', steps: [{ key: 'collect', name: 'Collect', durationDays: 5 }] },
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const after = await createCase({ templateId: template.body.id });
    expect(before.templateVersion).toBe(1);
    expect(after.templateVersion).toBe(2);
    expect((await t.request('GET', `/cases/${before.id}`)).body.templateVersion).toBe(1);
  });
});

describe('PATCH /cases/:id and steps', () => {
  it('follows its steps to in_progress and completed', async () => {
    const created = await createCase();
    let version = 1;
    for (const [key, status] of [['collect', 'in_progress'], ['collect', 'done'], ['review', 'done'], ['approve', 'skipped'], ['sign', 'done']]) {
      const response = await t.request('PATCH', `/cases/${created.id}/steps/${key}`, {
        body: { status },
        headers: { 'if-match': `"${version}"` },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      version = response.body.version;
    }
    const read = await t.request('GET', `/cases/${created.id}`);
    expect(read.body.status).toBe('completed');
  });

  it('renames, holds and cancels; a cancelled case refuses changes', async () => {
    const created = await createCase();
    const renamed = await t.request('PATCH', `/cases/${created.id}`, { body: { title: 'Renamed', status: 'on_hold' } });
    expect(renamed.body).toMatchObject({ title: 'Renamed', status: 'on_hold', version: 2 });
    const stale = await t.request('PATCH', `/cases/${created.id}`, { body: { status: 'cancelled' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    await t.request('PATCH', `/cases/${created.id}`, { body: { status: 'cancelled' } });
    const refused = await t.request('PATCH', `/cases/${created.id}/steps/collect`, { body: { assigneeId: (await t.newUser()).id } });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:process-todo:problem:case-closed');
  });

  it('loses no change among concurrent writers without If-Match', async () => {
    const created = await createCase();
    const keys = ['collect', 'review', 'approve', 'sign'];
    const results = await Promise.all(
      keys.map((key) => t.request('PATCH', `/cases/${created.id}/steps/${key}`, { body: { pinned: true } })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const read = await t.request('GET', `/cases/${created.id}`);
    expect(read.body.steps.every((s: { pinned: boolean }) => s.pinned)).toBe(true);
    expect(read.body.version).toBe(1 + keys.length);
  });

  it('refuses a step move the rules forbid, and an unknown step', async () => {
    const created = await createCase();
    await t.request('PATCH', `/cases/${created.id}/steps/collect`, { body: { status: 'done' } });
    const refused = await t.request('PATCH', `/cases/${created.id}/steps/collect`, { body: { status: 'blocked' } });
    expect(refused.status).toBe(409);
    expect((await t.request('PATCH', `/cases/${created.id}/steps/nope`, { body: { pinned: true } })).status).toBe(404);
    expect((await t.request('PATCH', `/cases/${created.id}/steps/Bad Key`, { body: { pinned: true } })).status).toBe(400);
    expect((await t.request('PATCH', `/cases/${created.id}`, { body: { status: 'completed' } })).status).toBe(409);
  });
});

describe('replan', () => {
  it('previews without writing, then applies atomically with done and pinned steps kept', async () => {
    const created = await createCase();
    await t.request('PATCH', `/cases/${created.id}/steps/collect`, { body: { status: 'done' } });
    const pinned = await t.request('PATCH', `/cases/${created.id}/steps/approve`, { body: { pinned: true } });
    const version = pinned.body.version;
    const body = { goalDate: '2026-12-21' };

    const preview = await t.request('POST', `/cases/${created.id}/replan/preview`, { body });
    expect(preview.status).toBe(200);
    expect(preview.body.goalDate).toEqual({ from: '2026-12-14', to: '2026-12-21' });
    expect(preview.body.changedSteps).toEqual([
      { stepKey: 'review', from: { start: '2026-12-03', due: '2026-12-04' }, to: { start: '2026-12-17', due: '2026-12-18' } },
      { stepKey: 'sign', from: { start: '2026-12-14', due: '2026-12-14' }, to: { start: '2026-12-21', due: '2026-12-21' } },
    ]);
    expect(preview.body.algorithm).toBe('backward-alap/1');
    expect((await t.request('GET', `/cases/${created.id}`)).body.version).toBe(version);

    expect((await t.request('POST', `/cases/${created.id}/replan/apply`, { body })).status).toBe(428);
    const stale = await t.request('POST', `/cases/${created.id}/replan/apply`, { body, headers: { 'if-match': `"${version - 1}"` } });
    expect(stale.status).toBe(412);
    const foreign = await t.request('POST', `/cases/${created.id}/replan/apply`, { body, headers: { 'if-match': '"stale-0"' } });
    expect(foreign.status).toBe(412);

    const applied = await t.request('POST', `/cases/${created.id}/replan/apply`, { body, headers: { 'if-match': `"${version}"` } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.changedSteps).toEqual(preview.body.changedSteps);
    expect(applied.headers.get('etag')).toBe(`"${version + 1}"`);
    const read = await t.request('GET', `/cases/${created.id}`);
    expect(read.body.goalDate).toBe('2026-12-21');
    expect(datesOf(read.body)).toMatchObject({
      collect: ['2026-11-27', '2026-12-01'],
      approve: ['2026-12-04', '2026-12-04'],
    });

    const again = await t.request('POST', `/cases/${created.id}/replan/apply`, {
      body,
      headers: { 'if-match': `"${read.body.version}"` },
    });
    expect(again.body.changedSteps).toEqual([]);
    expect(again.body.case.version).toBe(read.body.version);
  });

  it('pins a step on a new date and names a bad pin', async () => {
    const created = await createCase();
    const preview = await t.request('POST', `/cases/${created.id}/replan/preview`, {
      body: { pin: [{ stepKey: 'review', due: '2026-12-02' }] },
    });
    expect(preview.body.changedSteps.map((s: { stepKey: string }) => s.stepKey)).toEqual(['collect', 'review']);
    const weekend = await t.request('POST', `/cases/${created.id}/replan/preview`, {
      body: { pin: [{ stepKey: 'review', due: '2026-12-05' }] },
    });
    expect(weekend.status).toBe(422);
    expect(weekend.body.errors).toEqual([{ field: 'pin.0.due', message: 'is not a working day of the case calendar' }]);
    const unknown = await t.request('POST', `/cases/${created.id}/replan/preview`, { body: { pin: [{ stepKey: 'nope' }] } });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /cases', () => {
  it('filters and pages with progress', async () => {
    const template = await t.request('POST', '/process-templates', { body: { name: 'Filing', steps } });
    const person = (await t.newUser()).id;
    const ids: string[] = [];
    for (const goalDate of ['2027-01-11', '2027-01-12', '2027-01-13']) {
      ids.push((await createCase({ templateId: template.body.id, goalDate, assignees: { review: person } })).id);
    }
    await t.request('PATCH', `/cases/${ids[0]}/steps/collect`, { body: { status: 'done' } });

    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.request('GET', `/cases?templateId=${template.body.id}&sort=goalDate&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.map((c) => c.id)).toEqual(ids);
    expect(all[0]).toMatchObject({ status: 'in_progress', stepsTotal: 4, stepsFinished: 1, nextDue: expect.any(String) });

    const byAssignee = await t.request('GET', `/cases?assigneeId=${person}&goalAfter=2027-01-11&status=open`);
    expect(byAssignee.body.items.map((c: { id: string }) => c.id).sort()).toEqual(ids.slice(1).sort());
    expect((await t.request('GET', '/cases?status=nope')).status).toBe(400);
  });
});

describe('GET /cases?assigneeId', () => {
  it("pages a person's cases in every order with their progress, each case once however many steps the person holds", async () => {
    const template = await t.request('POST', '/process-templates', { body: { name: 'Audit', steps } });
    const person = (await t.newUser()).id;
    const ids: string[] = [];
    for (const goalDate of ['2027-03-03', '2027-03-01', '2027-03-02']) {
      const assignees = { review: person, sign: person, ...(ids.length === 1 ? { collect: person } : {}) };
      ids.push((await createCase({ templateId: template.body.id, goalDate, assignees })).id);
    }
    await createCase({ templateId: template.body.id, goalDate: '2027-03-04', assignees: { review: (await t.newUser()).id } });
    await t.request('PATCH', `/cases/${ids[1]}/steps/collect`, { body: { status: 'done' } });

    const everyCase = (await t.request('GET', `/cases?templateId=${template.body.id}&limit=100`)).body.items;
    const summaryOf = (id: string) => everyCase.find((c: { id: string }) => c.id === id);
    const expected: Record<string, string[]> = {
      '-createdAt': [ids[2]!, ids[1]!, ids[0]!],
      createdAt: [ids[0]!, ids[1]!, ids[2]!],
      goalDate: [ids[1]!, ids[2]!, ids[0]!],
      '-goalDate': [ids[0]!, ids[2]!, ids[1]!],
    };
    for (const [sort, order] of Object.entries(expected)) {
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await t.request('GET', `/cases?assigneeId=${person}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.map((c) => c.id), sort).toEqual(order);
      expect(seen, sort).toEqual(order.map(summaryOf));
      const onePage = await t.request('GET', `/cases?assigneeId=${person}&sort=${sort}&limit=100`);
      expect(onePage.body.items.map((c: { id: string }) => c.id), `${sort}, one page`).toEqual(order);
    }
    expect(summaryOf(ids[1]!)).toMatchObject({ status: 'in_progress', stepsTotal: 4, stepsFinished: 1 });
  });
});
