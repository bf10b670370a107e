import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SendReminders } from '../src/modules/reminders/application/send-reminders.js';
import { ScheduleRunner } from '../src/platform/scheduling/schedule-runner.js';
import { addDays, calendarDateOf } from '../src/shared/domain/calendar-date.js';
import { LoopbackReceiver } from './support/loopback-receiver.js';
import { nodesOf, planOf, planShape } from './support/query-plans.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The daily reminders: open tasks and steps due soon or overdue get an e-mail to their
 * assignee and an event for subscribers, once per item and day however often the job runs.
 */
describe('daily reminders', () => {
  let t: TestApp;
  let mail: LoopbackReceiver;
  let hooks: LoopbackReceiver;
  const today = calendarDateOf(new Date());
  const ids: Record<string, string> = {};
  let assignee: { id: string; email: string };

  beforeAll(async () => {
    mail = await LoopbackReceiver.start(() => ({ status: 202 }));
    hooks = await LoopbackReceiver.start(() => ({ status: 200 }));
    t = await startTestApp({ EMAIL_API_URL: `${mail.url}/send`, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', DUE_SOON_DAYS: '2' });
    assignee = await t.newUser();
    const events = ['task.due_soon', 'task.overdue', 'step.due_soon', 'step.overdue'];
    const hook = await t.request('POST', '/webhooks', { body: { url: `${hooks.url}/hook`, events, secret: 'reminder-secret-16+' } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const task = async (name: string, dueDate: string, assigneeId: string | null = assignee.id) => {
      const created = await t.request('POST', '/tasks', { body: { title: name, dueDate, assigneeId } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[name] = created.body.id;
    };
    await task('overdue', addDays(today, -1));
    await task('due today', today);
    await task('unassigned overdue', addDays(today, -3), null);
    await task('later', addDays(today, 30));
    await task('done overdue', addDays(today, -2));
    await t.request('PATCH', `/tasks/${ids['done overdue']}`, { body: { status: 'in_progress' } });
    expect((await t.request('PATCH', `/tasks/${ids['done overdue']}`, { body: { status: 'done' } })).status).toBe(200);

    const templateId = (await t.request('POST', '/process-templates', { body: { name: 'Remind', steps: [{ key: 'a', name: 'Step A', durationDays: 1 }, { key: 'b', name: 'Step B', durationDays: 1, dependsOn: ['a'] }] } })).body.id;
    const calendarId = (await t.request('POST', '/calendars', { body: { code: `rm-${randomUUID().slice(0, 8)}`, name: 'Remind' } })).body.id;
    const started = await t.request('POST', '/cases', { body: { templateId, calendarId, title: 'Reminded case', goalDate: addDays(today, 60), assignees: { a: assignee.id } } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    ids.case = started.body.id;
    // Step a overdue, step b far off: set as a replan with pins would, straight in the table.
    await t.app.get(DataSource).query(`UPDATE case_steps SET start_date = $2::date, due_date = $2::date WHERE case_id = $1 AND step_key = 'a'`, [ids.case, addDays(today, -5)]);
    // The assignment e-mails and the others' webhook traffic settle first.
    await vi.waitFor(() => expect(mail.requests.length).toBe(5), { timeout: 10_000, interval: 50 });
  });
  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  it('reminds of each due-soon and overdue item once a day, by e-mail to its assignee and by event', async () => {
    const mailBefore = mail.requests.length;
    const outcome = await t.app.get(ScheduleRunner).runNow('send-reminders');
    expect(outcome).toMatchObject({ status: 'succeeded', items: 4 });

    await vi.waitFor(() => expect(hooks.requests.length).toBe(4), { timeout: 10_000, interval: 50 });
    const events = hooks.requests.map((request) => JSON.parse(request.body));
    const byKey = Object.fromEntries(events.map((event) => [`${event.event}:${event.data.taskId ?? event.data.stepKey}`, event.data]));
    expect(Object.keys(byKey).sort()).toEqual(
      [`task.overdue:${ids.overdue}`, `task.due_soon:${ids['due today']}`, `task.overdue:${ids['unassigned overdue']}`, 'step.overdue:a'].sort(),
    );
    expect(byKey['step.overdue:a']).toMatchObject({ caseId: ids.case, caseTitle: 'Reminded case', due: addDays(today, -5), assigneeId: assignee.id });

    await vi.waitFor(() => expect(mail.requests.length - mailBefore).toBe(3), { timeout: 10_000, interval: 50 });
    const subjects = mail.requests.slice(mailBefore).map((request) => JSON.parse(request.body)).map((message) => [message.to, message.subject]);
    expect(subjects.sort()).toEqual(
      [
        [assignee.email, 'Due soon: due today'],
        [assignee.email, 'Overdue: overdue'],
        [assignee.email, 'Overdue: Step A (Reminded case)'],
      ].sort(),
    );
  });

  it('sends nothing twice the same day: not on a rerun, not when two replicas race', async () => {
    const [mails, heard] = [mail.requests.length, hooks.requests.length];
    expect(await t.app.get(ScheduleRunner).runNow('send-reminders')).toMatchObject({ status: 'succeeded', items: 0 });
    // Two runs at once, past the schedule's lock (two replicas whose ticks both ran): the log's key decides.
    const reminders = t.app.get(SendReminders);
    const tomorrow = addDays(today, 1);
    const [first, second] = await Promise.all([reminders.run(tomorrow), reminders.run(tomorrow)]);
    expect(first + second).toBe(4);
    await vi.waitFor(() => expect(hooks.requests.length - heard).toBe(4), { timeout: 10_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hooks.requests.length - heard).toBe(4);
    expect(mail.requests.length - mails).toBe(3);
    const rows = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM reminders_sent WHERE day = $1::date`, [tomorrow]);
    expect(rows).toEqual([{ n: 4 }]);
  });

  it('reads tasks and steps along their open-by-due-date indexes, never sorting', async () => {
    const spy = vi.spyOn(t.app.get(DataSource), 'query');
    let statements: { sql: string; params: unknown[] }[];
    try {
      await t.app.get(SendReminders).run(addDays(today, 2));
      statements = spy.mock.calls.filter(([sql]) => /ORDER BY [\s\S]*due_date[\s\S]*LIMIT/.test(sql)).map(([sql, params]) => ({ sql, params: (params as unknown[]) ?? [] }));
    } finally {
      spy.mockRestore();
    }
    expect(statements.length).toBe(2);
    const indexes: string[] = [];
    for (const statement of statements) {
      const plan = await planOf(t, statement);
      expect(nodesOf(plan).map((node) => node['Node Type']), planShape(plan)).not.toContain('Sort');
      indexes.push(...nodesOf(plan).flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])));
    }
    expect(indexes).toEqual(expect.arrayContaining(['IDX_tasks_open_due', 'IDX_case_steps_open_due']));
  });
});
