import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Line = Record<string, any>;

/** Every line the app writes, as written and parsed. */
const written: string[] = [];
const logStream = { write: (chunk: string) => void written.push(chunk) };
const rawLines = () => written.join('').split('\n').filter(Boolean);
const securityLines = (event: string): Line[] =>
  rawLines()
    .map((text) => JSON.parse(text) as Line)
    .filter((line) => line.category === 'security' && line.event === event);

const THRESHOLDS = { SECURITY_WINDOW_SECONDS: '60', SECURITY_DATA_ACCESS_THRESHOLD: '10', SECURITY_UNUSUAL_ACCESS_THRESHOLD: '20' };
const PASSWORD = 'a long enough password';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(THRESHOLDS, { logStream });
});
afterAll(async () => {
  await t?.close();
});

/** A new signed-in user of `role`: their id and access token. */
async function newUser(role = 'viewer'): Promise<{ id: string; token: string }> {
  const email = `watch-${randomUUID()}@example.com`;
  const created = await t.request('POST', '/users', { body: { email, name: 'Watched', password: PASSWORD, role } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, token: (await t.signIn(email, PASSWORD)).accessToken };
}

async function securityMetric(event: string): Promise<number> {
  const metrics = String((await t.request('GET', '/metrics', { anonymous: true })).body);
  return Number(new RegExp(`^security_events_total\\{event="${event}"\\} (\\d+)`, 'm').exec(metrics)?.[1]);
}

/** Waits past a flush of the counters (every second), so that what was counted has been judged. */
const afterFlush = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('unusual access and suspicious input (security events)', () => {
  it('tells data_access_unusual once when a user reads more records in the window than the threshold: a page counts its items', async () => {
    for (let i = 0; i < 4; i++) expect((await t.request('POST', '/tasks', { body: { title: `Read me ${i}` } })).status).toBe(201);
    const reader = await newUser();
    // 4 items a page: 12 records after three pages, past the threshold of 10; then more.
    for (let i = 0; i < 5; i++) {
      const page = await t.request('GET', '/tasks?limit=4', { token: reader.token });
      expect(page.body.items).toHaveLength(4);
    }
    const [line] = await eventually(
      async () => securityLines('data_access_unusual').filter((l) => l.userId === reader.id),
      (found) => found.length > 0,
    );
    expect(line).toMatchObject({ level: 'warn', userId: reader.id, threshold: 10, windowSeconds: 60 });
    expect(line!.records).toBeGreaterThan(10);
    expect(line!.records).toBeLessThanOrEqual(20);
    await t.request('GET', '/tasks?limit=4', { token: reader.token });
    await afterFlush();
    expect(securityLines('data_access_unusual').filter((l) => l.userId === reader.id)).toHaveLength(1);
    // 4 + 4 + ... never reached 20 requests: no request_rate_unusual for this reader.
    expect(securityLines('request_rate_unusual').filter((l) => l.userId === reader.id)).toEqual([]);
    expect(await securityMetric('data_access_unusual')).toBeGreaterThanOrEqual(1);
  });

  it('counts a single read as 1 and an export by its rows', async () => {
    const calendar = await t.request('POST', '/calendars', { body: { code: `W-${randomUUID().slice(0, 6)}`, name: 'Week' } });
    const template = await t.request('POST', '/process-templates', {
      body: {
        name: 'Three steps',
        steps: [
          { key: 'a', name: 'A', durationDays: 1 },
          { key: 'b', name: 'B', durationDays: 1, dependsOn: ['a'] },
          { key: 'c', name: 'C', durationDays: 1, dependsOn: ['b'] },
        ],
      },
    });
    const started = await t.request('POST', '/cases', {
      body: { templateId: template.body.id, calendarId: calendar.body.id, title: 'Exported', goalDate: '2027-03-01' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const exporter = await newUser();
    // 3 + 3 + 3 (an iCalendar file of 3 events, a gantt chart of 3 bars, again a file) + 1 + 1 = 11 > 10;
    // counted one a request, it would be 5.
    expect((await t.request('GET', `/cases/${started.body.id}/calendar.ics`, { token: exporter.token })).status).toBe(200);
    expect((await t.request('GET', `/cases/${started.body.id}/gantt`, { token: exporter.token })).status).toBe(200);
    expect((await t.request('GET', `/cases/${started.body.id}/calendar.ics`, { token: exporter.token })).status).toBe(200);
    await afterFlush();
    expect(securityLines('data_access_unusual').filter((l) => l.userId === exporter.id)).toEqual([]);
    expect((await t.request('GET', `/cases/${started.body.id}`, { token: exporter.token })).status).toBe(200);
    expect((await t.request('GET', `/cases/${started.body.id}`, { token: exporter.token })).status).toBe(200);
    const [line] = await eventually(
      async () => securityLines('data_access_unusual').filter((l) => l.userId === exporter.id),
      (found) => found.length > 0,
    );
    expect(line!.records).toBe(11);
  });

  it('tells request_rate_unusual once when a user makes more requests in the window than the threshold, and counts anonymous ones by ip', async () => {
    const busy = await newUser();
    const before = await securityMetric('request_rate_unusual');
    for (let i = 0; i < 30; i++) expect((await t.request('GET', '/me', { token: busy.token })).status).toBe(200);
    const [line] = await eventually(
      async () => securityLines('request_rate_unusual').filter((l) => l.userId === busy.id),
      (found) => found.length > 0,
    );
    expect(line).toMatchObject({ level: 'warn', userId: busy.id, threshold: 20, windowSeconds: 60 });
    expect(line!.requests).toBeGreaterThan(20);
    // The requests were never refused, and more of them tell nothing new in this window.
    await Promise.all(Array.from({ length: 10 }, () => t.request('GET', '/me', { token: busy.token })));
    await afterFlush();
    expect(securityLines('request_rate_unusual').filter((l) => l.userId === busy.id)).toHaveLength(1);

    // Requests without a valid token count against their ip.
    for (let i = 0; i < 25; i++) expect((await t.request('GET', '/tasks', { anonymous: true })).status).toBe(401);
    const [byIp] = await eventually(
      async () => securityLines('request_rate_unusual').filter((l) => l.ip === '127.0.0.1'),
      (found) => found.length > 0,
    );
    expect(byIp).toMatchObject({ threshold: 20, userId: null });
    expect(await securityMetric('request_rate_unusual')).toBeGreaterThanOrEqual(before + 2);
  });

  it('tells suspicious_input with the fields and kinds, never the values, and stores the input as given', async () => {
    const before = await securityMetric('suspicious_input');
    const body = { title: "' OR 1=1 --", description: 'see <img src=x onerror=alert(document.domain)>' };
    const created = await t.request('POST', '/tasks', { body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await t.request('GET', `/tasks/${created.body.id}`);
    expect(read.body).toMatchObject(body);
    const traceId = created.headers.get('x-request-id');
    const [line] = await eventually(
      async () => securityLines('suspicious_input').filter((l) => l.traceId === traceId),
      (found) => found.length > 0,
    );
    expect(line).toMatchObject({
      level: 'warn',
      method: 'POST',
      route: '/tasks',
      statusCode: 201,
      findings: [
        { field: 'body.title', kind: 'sql' },
        { field: 'body.description', kind: 'xss' },
      ],
    });
    expect(line!.userId).toMatch(/^[0-9a-f-]{36}$/);

    const query = await t.request('GET', `/tasks?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(query.status).toBe(200);
    const path = await t.request('GET', `/tasks/${encodeURIComponent("1' OR '1'='1")}`);
    expect(path.status).toBe(400);
    const found = await eventually(
      async () => securityLines('suspicious_input').flatMap((l) => l.findings),
      (all) => all.some((f) => f.field === 'path') && all.some((f) => f.field === 'query.q'),
    );
    expect(found).toEqual(expect.arrayContaining([{ field: 'query.q', kind: 'xss' }, { field: 'path', kind: 'sql' }]));
    // Never the values: no line of any event carries them.
    for (const text of rawLines().filter((l) => l.includes('"suspicious_input"'))) {
      expect(text).not.toMatch(/1=1|onerror|<script|alert/);
    }
    expect(await securityMetric('suspicious_input')).toBeGreaterThanOrEqual(before + 3);
  });

  it('never looks at a password', async () => {
    const refused = await t.request('POST', '/auth/login', { anonymous: true, body: { email: 'nobody@example.com', password: "' OR 1=1 --" } });
    expect(refused.status).toBe(401);
    await afterFlush();
    expect(securityLines('suspicious_input').filter((l) => l.traceId === refused.headers.get('x-request-id'))).toEqual([]);
  });
});
