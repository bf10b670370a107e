import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AddHolidaysUseCase } from '../src/modules/calendars/application/add-holidays.use-case.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../src/shared/application/business-events.js';
import { type RequestOptions, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let calendarId: string;

beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '262144' });
  calendarId = (await createCalendar({ holidays: [{ date: '2026-01-01', name: 'New Year' }] })).id;
});
afterAll(async () => {
  await t?.close();
});

/** A code no other test uses, so that list and conflict assertions see only their own calendars. */
const uniqueCode = (prefix = 'cal') => `${prefix}-${randomUUID().slice(0, 8)}`;

async function createCalendar(body: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/calendars', {
    body: { code: uniqueCode(), name: 'A calendar', ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const JP_NEW_YEAR = [
  { date: '2026-01-01', name: 'Ganjitsu' },
  { date: '2026-01-02', name: 'Bank holiday' },
  { date: '2026-01-03', name: 'Bank holiday' },
];

const workingDays = (id: string, from: string, to: string) =>
  t.request('GET', `/calendars/${id}/working-days?from=${from}&to=${to}`);

describe('POST /calendars', () => {
  it('creates a calendar with the Monday-Friday default, a Location and an ETag', async () => {
    const code = uniqueCode('JP');
    const response = await t.request('POST', '/calendars', {
      body: {
        code,
        name: '  Japan ',
        holidays: [{ date: '2026-01-02', name: ' Bank holiday ' }, { date: '2026-01-01' }],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code,
      name: 'Japan',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [
        { date: '2026-01-01', name: null },
        { date: '2026-01-02', name: 'Bank holiday' },
      ],
      version: 1,
    });
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/calendars/${response.body.id}`);
    const read = await t.request('GET', `/calendars/${response.body.id}`);
    expect(read.body).toEqual(response.body);
  });

  it('stores the working week de-duplicated and sorted', async () => {
    const calendar = await createCalendar({ workingWeekdays: [6, 1, 2, 2, 3] });
    expect(calendar.workingWeekdays).toEqual([1, 2, 3, 6]);
  });

  it('answers 409 to a code in use and writes nothing', async () => {
    const code = uniqueCode();
    await createCalendar({ code });
    const response = await t.request('POST', '/calendars', {
      body: { code, name: 'Again', holidays: [{ date: '2026-05-05' }] },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:calendar-code-taken',
      errors: [{ field: 'code', message: `${code} is taken by another calendar` }],
    });
    const list = await t.request('GET', `/calendars?q=${code}`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ name: 'A calendar', holidayCount: 0 });
  });
});

describe('GET /calendars/:id', () => {
  it('reads the holidays sorted by date, or only those of one year', async () => {
    const calendar = await createCalendar({
      holidays: [{ date: '2027-01-01' }, { date: '2025-12-31' }, { date: '2026-07-20' }, { date: '2026-01-01' }],
    });
    const all = await t.request('GET', `/calendars/${calendar.id}`);
    expect(all.headers.get('etag')).toBe('"1"');
    expect(all.body.holidays.map((h: { date: string }) => h.date)).toEqual([
      '2025-12-31',
      '2026-01-01',
      '2026-07-20',
      '2027-01-01',
    ]);
    const year = await t.request('GET', `/calendars/${calendar.id}?year=2026`);
    expect(year.status).toBe(200);
    expect(year.body.holidays.map((h: { date: string }) => h.date)).toEqual(['2026-01-01', '2026-07-20']);
    const none = await t.request('GET', `/calendars/${calendar.id}?year=1999`);
    expect(none.body.holidays).toEqual([]);
  });

  it('answers 404 as a problem for an unknown id', async () => {
    const id = randomUUID();
    const response = await t.request('GET', `/calendars/${id}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:calendar-not-found',
      status: 404,
      instance: `/calendars/${id}`,
    });
  });
});

describe('GET /calendars', () => {
  it('pages by code with a cursor: ascending, no duplicates, no gaps', async () => {
    const prefix = uniqueCode('page');
    const codes = ['c', 'a', 'e', 'b', 'd'].map((suffix) => `${prefix}-${suffix}`);
    for (const code of codes) await createCalendar({ code, holidays: [{ date: '2026-01-01' }] });

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await t.request(
        'GET',
        `/calendars?q=${prefix}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((c) => c.code)).toEqual([...codes].sort());
    expect(seen[0]).toMatchObject({ holidayCount: 1, workingWeekdays: [1, 2, 3, 4, 5], version: 1 });
    expect(seen[0].holidays).toBeUndefined();
  });

  it('finds calendars by code or name, case-insensitively, with LIKE characters taken literally', async () => {
    const tag = randomUUID().slice(0, 8);
    const byName = await createCalendar({ name: `Team ${tag} 100% remote` });
    const byCode = await createCalendar({ code: `X${tag.toUpperCase()}` });
    const ids = async (q: string) =>
      (await t.request('GET', `/calendars?q=${encodeURIComponent(q)}`)).body.items.map((c: any) => c.id).sort();
    expect(await ids(tag)).toEqual([byName.id, byCode.id].sort());
    expect(await ids(`${tag} 100%`)).toEqual([byName.id]);
    expect(await ids(`${tag}_`)).toEqual([]);
  });
});

describe('PUT /calendars/:id/week', () => {
  it('sets a six-day week: Saturdays become working days', async () => {
    const calendar = await createCalendar({ holidays: JP_NEW_YEAR });
    const response = await t.request('PUT', `/calendars/${calendar.id}/week`, {
      body: { workingWeekdays: [6, 5, 4, 3, 2, 1] },
      headers: { 'if-match': '"1"' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ workingWeekdays: [1, 2, 3, 4, 5, 6], version: 2 });
    expect(response.headers.get('etag')).toBe('"2"');
    const days = await workingDays(calendar.id, '2026-01-01', '2026-01-11');
    // 3 Jan is a Saturday but a holiday; 10 Jan is a working Saturday; Sundays stay off.
    expect(days.body.days).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
    ]);
  });

  it('does not bump the version when the week is the same', async () => {
    const calendar = await createCalendar();
    const response = await t.request('PUT', `/calendars/${calendar.id}/week`, {
      body: { workingWeekdays: [5, 4, 3, 2, 1] },
    });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('answers 412 to a stale If-Match and changes nothing', async () => {
    const calendar = await createCalendar();
    await t.request('PUT', `/calendars/${calendar.id}/week`, { body: { workingWeekdays: [1, 2, 3, 4] } });
    const stale = await t.request('PUT', `/calendars/${calendar.id}/week`, {
      body: { workingWeekdays: [1] },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: 'urn:process-todo:problem:stale-version', status: 412 });
    const read = await t.request('GET', `/calendars/${calendar.id}`);
    expect(read.body).toMatchObject({ workingWeekdays: [1, 2, 3, 4], version: 2 });
  });

  it('answers 404 for an unknown calendar', async () => {
    const response = await t.request('PUT', `/calendars/${randomUUID()}/week`, {
      body: { workingWeekdays: [1] },
    });
    expect(response.status).toBe(404);
  });
});

describe('POST /calendars/:id/holidays', () => {
  it('adds one holiday, then several, and replaces the name of a date it has', async () => {
    const calendar = await createCalendar();
    const one = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { date: '2026-01-01', name: 'New Year' },
      headers: { 'if-match': '"1"' },
    });
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"2"');
    expect(one.body.holidays).toEqual([{ date: '2026-01-01', name: 'New Year' }]);

    const many = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { holidays: [{ date: '2026-01-03' }, { date: '2026-01-01', name: 'Ganjitsu' }, { date: '2026-01-02', name: null }] },
      headers: { 'if-match': '"2"' },
    });
    expect(many.status).toBe(200);
    expect(many.body).toMatchObject({
      version: 3,
      holidays: [
        { date: '2026-01-01', name: 'Ganjitsu' },
        { date: '2026-01-02', name: null },
        { date: '2026-01-03', name: null },
      ],
    });
    const read = await t.request('GET', `/calendars/${calendar.id}`);
    expect(read.body).toEqual(many.body);
  });

  it('does not bump the version when every holiday is already there', async () => {
    const calendar = await createCalendar({ holidays: [{ date: '2026-01-01', name: 'New Year' }] });
    const response = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { date: '2026-01-01', name: 'New Year' },
    });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('refuses a date twice in one call, naming it, and writes nothing', async () => {
    const calendar = await createCalendar();
    const response = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { holidays: [{ date: '2026-01-01' }, { date: '2026-01-02' }, { date: '2026-01-01', name: 'x' }] },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'holidays', message: 'lists 2026-01-01 more than once' }]);
    expect((await t.request('GET', `/calendars/${calendar.id}`)).body).toEqual(calendar);
  });

  it('takes 1000 holidays in one call, and refuses 1001', async () => {
    const calendar = await createCalendar();
    const dates = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        date: new Date(Date.UTC(2030, 0, 1 + i)).toISOString().slice(0, 10),
      }));
    const refused = await t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { holidays: dates(1001) } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('holidays');
    const accepted = await t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { holidays: dates(1000) } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.holidays).toHaveLength(1000);
  });

  it('answers 412 to a stale If-Match and keeps the holidays', async () => {
    const calendar = await createCalendar();
    await t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { date: '2026-02-11' } });
    const stale = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { date: '2026-02-23' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const read = await t.request('GET', `/calendars/${calendar.id}`);
    expect(read.body.holidays).toEqual([{ date: '2026-02-11', name: null }]);
  });

  it('lets exactly one of two writers holding the same ETag win', async () => {
    const calendar = await createCalendar();
    const results = await Promise.all(
      ['2026-03-20', '2026-04-29'].map((date) =>
        t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { date }, headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const read = await t.request('GET', `/calendars/${calendar.id}`);
    expect(read.body.version).toBe(2);
    expect(read.body.holidays).toHaveLength(1);
  });

  it('loses no holiday among concurrent writers without If-Match', async () => {
    const calendar = await createCalendar();
    const dates = ['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06'];
    const results = await Promise.all(
      dates.map((date) => t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { date } })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const read = await t.request('GET', `/calendars/${calendar.id}`);
    expect(read.body.holidays.map((h: { date: string }) => h.date)).toEqual(dates);
    expect(read.body.version).toBe(1 + dates.length);
  });
});

describe('DELETE /calendars/:id/holidays/:date', () => {
  it('removes a holiday, then answers 404 for it', async () => {
    const calendar = await createCalendar({ holidays: JP_NEW_YEAR });
    const removed = await t.request('DELETE', `/calendars/${calendar.id}/holidays/2026-01-02`, {
      headers: { 'if-match': '"1"' },
    });
    expect(removed.status).toBe(200);
    expect(removed.headers.get('etag')).toBe('"2"');
    expect(removed.body.holidays.map((h: { date: string }) => h.date)).toEqual(['2026-01-01', '2026-01-03']);

    const again = await t.request('DELETE', `/calendars/${calendar.id}/holidays/2026-01-02`);
    expect(again.status).toBe(404);
    expect(again.body.type).toBe('urn:process-todo:problem:holiday-not-found');
    expect((await t.request('GET', `/calendars/${calendar.id}`)).body.version).toBe(2);
  });

  it('answers 412 to a stale If-Match and keeps the holiday', async () => {
    const calendar = await createCalendar({ holidays: JP_NEW_YEAR });
    await t.request('PUT', `/calendars/${calendar.id}/week`, { body: { workingWeekdays: [1, 2, 3] } });
    const stale = await t.request('DELETE', `/calendars/${calendar.id}/holidays/2026-01-01`, {
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await t.request('GET', `/calendars/${calendar.id}`)).body.holidays).toHaveLength(3);
  });

  it('answers 404 for an unknown calendar', async () => {
    const response = await t.request('DELETE', `/calendars/${randomUUID()}/holidays/2026-01-01`);
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('urn:process-todo:problem:calendar-not-found');
  });
});

describe('GET /calendars/:id/working-days', () => {
  it('skips the JP New Year holidays and the weekends', async () => {
    const calendar = await createCalendar({ code: uniqueCode('JP'), holidays: JP_NEW_YEAR });
    const response = await workingDays(calendar.id, '2025-12-29', '2026-01-09');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      calendarId: calendar.id,
      from: '2025-12-29',
      to: '2026-01-09',
      count: 8,
      days: [
        '2025-12-29',
        '2025-12-30',
        '2025-12-31',
        '2026-01-05',
        '2026-01-06',
        '2026-01-07',
        '2026-01-08',
        '2026-01-09',
      ],
    });
  });

  it('answers a single day, and a whole leap year of 366 days', async () => {
    const calendar = await createCalendar();
    const saturday = await workingDays(calendar.id, '2026-01-03', '2026-01-03');
    expect(saturday.body).toMatchObject({ count: 0, days: [] });
    const year = await workingDays(calendar.id, '2024-01-01', '2024-12-31');
    expect(year.status).toBe(200);
    expect(year.body.count).toBe(262);
  });

  it.each([
    ['2026-01-01', '2027-01-02', 'must be at most 366 days from from, both included'],
    ['2026-01-10', '2026-01-09', 'must not be before from'],
  ])('refuses from=%s to=%s with a 400 naming to', async (from, to, message) => {
    const response = await workingDays(calendarId, from, to);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'to', message }]);
  });

  it('answers 404 for an unknown calendar', async () => {
    const response = await workingDays(randomUUID(), '2026-01-01', '2026-01-31');
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('urn:process-todo:problem:calendar-not-found');
  });

  it('never answers from a cached calendar older than the last change', async () => {
    const calendar = await createCalendar();
    const read = async () => (await workingDays(calendar.id, '2026-03-16', '2026-03-20')).body.days;
    expect(await read()).toEqual(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']);

    await t.request('POST', `/calendars/${calendar.id}/holidays`, { body: { date: '2026-03-18' } });
    expect(await read()).toEqual(['2026-03-16', '2026-03-17', '2026-03-19', '2026-03-20']);

    await t.request('PUT', `/calendars/${calendar.id}/week`, { body: { workingWeekdays: [1, 2, 3, 4] } });
    expect(await read()).toEqual(['2026-03-16', '2026-03-17', '2026-03-19']);

    await t.request('DELETE', `/calendars/${calendar.id}/holidays/2026-03-18`);
    expect(await read()).toEqual(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19']);
  });

  it('keeps the cached calendar when a change is refused', async () => {
    const calendar = await createCalendar({ holidays: [{ date: '2026-03-18' }] });
    const read = async () => (await workingDays(calendar.id, '2026-03-16', '2026-03-20')).body.days;
    const before = await read();
    const refused = await t.request('POST', `/calendars/${calendar.id}/holidays`, {
      body: { holidays: [{ date: '2026-03-19' }, { date: '2026-03-19' }] },
    });
    expect(refused.status).toBe(422);
    expect(await read()).toEqual(before);
  });
});

// The path a larger unit of work takes: the change joins the caller's transaction, and its
// cache invalidation and business event wait for that transaction to commit.
describe('calendar changes inside a caller transaction', () => {
  it('record the event and drop the cached calendar only once the caller commits', async () => {
    const calendar = await createCalendar();
    const read = async () => (await workingDays(calendar.id, '2026-03-16', '2026-03-17')).body.days;
    expect(await read()).toEqual(['2026-03-16', '2026-03-17']);
    const record = vi.spyOn(t.app.get<BusinessEvents>(BUSINESS_EVENTS), 'record');
    try {
      await t.app.get(TransactionHost).withTransaction(async () => {
        await t.app.get(AddHolidaysUseCase).execute({ id: calendar.id, holidays: [{ date: '2026-03-17' }] });
        expect(record).not.toHaveBeenCalled();
      });
      expect(record).toHaveBeenCalledWith('holidays_added', {
        calendarId: calendar.id,
        count: 1,
        first: '2026-03-17',
        last: '2026-03-17',
      });
      expect(await read()).toEqual(['2026-03-16']);
    } finally {
      record.mockRestore();
    }
  });

  it('record nothing when the caller rolls back', async () => {
    const calendar = await createCalendar();
    const record = vi.spyOn(t.app.get<BusinessEvents>(BUSINESS_EVENTS), 'record');
    try {
      await expect(
        t.app.get(TransactionHost).withTransaction(async () => {
          await t.app.get(AddHolidaysUseCase).execute({ id: calendar.id, holidays: [{ date: '2026-03-17' }] });
          throw new Error('the caller fails after the change');
        }),
      ).rejects.toThrow('the caller fails after the change');
      expect(record).not.toHaveBeenCalled();
      expect((await t.request('GET', `/calendars/${calendar.id}`)).body).toEqual(calendar);
    } finally {
      record.mockRestore();
    }
  });
});

describe('malformed calendar requests', () => {
  const json = (body: unknown): RequestOptions => ({ body });
  const raw = (rawBody: string, contentType = 'application/json'): RequestOptions => ({
    rawBody,
    headers: { 'content-type': contentType },
  });
  const at = (suffix: string) => () => `/calendars/${calendarId}${suffix}`;

  interface Case {
    name: string;
    method: string;
    path: string | (() => string);
    options?: RequestOptions;
    status: number;
    /** The field the problem must name, when it names one. */
    field?: string;
  }

  const cases: Case[] = [
    { name: 'malformed JSON', method: 'POST', path: '/calendars', options: raw('{"code": '), status: 400 },
    { name: 'no body', method: 'POST', path: '/calendars', status: 400, field: 'body' },
    { name: 'JSON array body', method: 'POST', path: '/calendars', options: json([{ code: 'JP' }]), status: 400, field: 'body' },
    { name: 'text/plain body', method: 'POST', path: '/calendars', options: raw('code=JP', 'text/plain'), status: 415 },
    { name: 'oversized body', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'x'.repeat(300_000) }), status: 413 },
    { name: 'missing code', method: 'POST', path: '/calendars', options: json({ name: 'Japan' }), status: 400, field: 'code' },
    { name: 'empty code', method: 'POST', path: '/calendars', options: json({ code: '', name: 'Japan' }), status: 400, field: 'code' },
    { name: 'code with a space', method: 'POST', path: '/calendars', options: json({ code: 'J P', name: 'Japan' }), status: 400, field: 'code' },
    { name: 'code starting with -', method: 'POST', path: '/calendars', options: json({ code: '-JP', name: 'Japan' }), status: 400, field: 'code' },
    { name: 'code too long', method: 'POST', path: '/calendars', options: json({ code: 'x'.repeat(41), name: 'Japan' }), status: 400, field: 'code' },
    { name: 'code a number', method: 'POST', path: '/calendars', options: json({ code: 81, name: 'Japan' }), status: 400, field: 'code' },
    { name: 'missing name', method: 'POST', path: '/calendars', options: json({ code: 'JP' }), status: 400, field: 'name' },
    { name: 'blank name', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: '   ' }), status: 400, field: 'name' },
    { name: 'name too long', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'x'.repeat(101) }), status: 400, field: 'name' },
    { name: 'weekdays not a list', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: '1-5' }), status: 400, field: 'workingWeekdays' },
    { name: 'empty week', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: [] }), status: 400, field: 'workingWeekdays' },
    { name: 'weekday 0', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: [0, 1] }), status: 400, field: 'workingWeekdays' },
    { name: 'weekday 8', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: [8] }), status: 400, field: 'workingWeekdays' },
    { name: 'weekday as text', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: ['1'] }), status: 400, field: 'workingWeekdays' },
    { name: 'weekday a fraction', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: [1.5] }), status: 400, field: 'workingWeekdays' },
    { name: 'weekdays null', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', workingWeekdays: null }), status: 400, field: 'workingWeekdays' },
    { name: 'holidays null', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: null }), status: 400, field: 'holidays' },
    { name: 'holidays not a list', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: '2026-01-01' }), status: 400, field: 'holidays' },
    { name: 'holiday not an object', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: ['2026-01-01'] }), status: 400, field: 'holidays.0' },
    { name: 'holiday without date', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ name: 'x' }] }), status: 400, field: 'holidays.0.date' },
    { name: 'holiday impossible date', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '2026-02-29' }] }), status: 400, field: 'holidays.0.date' },
    { name: 'holiday date with a time', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '2026-01-01T00:00:00Z' }] }), status: 400, field: 'holidays.0.date' },
    { name: 'holiday in year 0', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '0000-01-01' }] }), status: 400, field: 'holidays.0.date' },
    { name: 'holiday name too long', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '2026-01-01', name: 'x'.repeat(101) }] }), status: 400, field: 'holidays.0.name' },
    { name: 'holiday unknown field', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '2026-01-01', type: 'bank' }] }), status: 400, field: 'holidays.0.type' },
    { name: 'holiday date twice', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', holidays: [{ date: '2026-01-01' }, { date: '2026-01-01' }] }), status: 422, field: 'holidays' },
    { name: 'unknown field', method: 'POST', path: '/calendars', options: json({ code: 'JP', name: 'J', country: 'JP' }), status: 400, field: 'country' },
    { name: 'id on create', method: 'POST', path: '/calendars', options: json({ id: randomUUID(), code: 'JP', name: 'J' }), status: 400, field: 'id' },
    { name: 'limit zero', method: 'GET', path: '/calendars?limit=0', status: 400, field: 'limit' },
    { name: 'limit too large', method: 'GET', path: '/calendars?limit=101', status: 400, field: 'limit' },
    { name: 'limit not a number', method: 'GET', path: '/calendars?limit=ten', status: 400, field: 'limit' },
    { name: 'unknown query parameter', method: 'GET', path: '/calendars?sort=name', status: 400, field: 'sort' },
    { name: 'garbage cursor', method: 'GET', path: '/calendars?cursor=%%%', status: 400 },
    { name: 'forged cursor', method: 'GET', path: `/calendars?cursor=${Buffer.from('["code","x\' OR 1=1","y"]').toString('base64url')}`, status: 400, field: 'cursor' },
    { name: 'cursor of another list', method: 'GET', path: `/calendars?cursor=${Buffer.from(`["-createdAt","2026-01-01T00:00:00.000Z","${randomUUID()}"]`).toString('base64url')}`, status: 400, field: 'cursor' },
    { name: 'id not a UUID', method: 'GET', path: '/calendars/JP', status: 400, field: 'id' },
    { name: 'year not a number', method: 'GET', path: at('?year=last'), status: 400, field: 'year' },
    { name: 'year zero', method: 'GET', path: at('?year=0'), status: 400, field: 'year' },
    { name: 'year too large', method: 'GET', path: at('?year=10000'), status: 400, field: 'year' },
    { name: 'week without weekdays', method: 'PUT', path: at('/week'), options: json({}), status: 400, field: 'workingWeekdays' },
    { name: 'week empty', method: 'PUT', path: at('/week'), options: json({ workingWeekdays: [] }), status: 400, field: 'workingWeekdays' },
    { name: 'week with 8 days', method: 'PUT', path: at('/week'), options: json({ workingWeekdays: [1, 2, 3, 4, 5, 6, 7, 1] }), status: 400, field: 'workingWeekdays' },
    { name: 'week with Sunday as 0', method: 'PUT', path: at('/week'), options: json({ workingWeekdays: [0, 1, 2, 3, 4] }), status: 400, field: 'workingWeekdays' },
    { name: 'week null', method: 'PUT', path: at('/week'), options: json({ workingWeekdays: null }), status: 400, field: 'workingWeekdays' },
    { name: 'week for a bad id', method: 'PUT', path: '/calendars/1/week', options: json({ workingWeekdays: [1] }), status: 400, field: 'id' },
    { name: 'week malformed If-Match', method: 'PUT', path: at('/week'), options: { body: { workingWeekdays: [1] }, headers: { 'if-match': 'v1' } }, status: 400, field: 'If-Match' },
    { name: 'holiday body empty', method: 'POST', path: at('/holidays'), options: json({}), status: 400, field: 'date' },
    { name: 'holiday bad date', method: 'POST', path: at('/holidays'), options: json({ date: '01/01/2026' }), status: 400, field: 'date' },
    { name: 'holiday name a number', method: 'POST', path: at('/holidays'), options: json({ date: '2026-01-02', name: 7 }), status: 400, field: 'name' },
    { name: 'holiday name empty', method: 'POST', path: at('/holidays'), options: json({ date: '2026-01-02', name: '' }), status: 400, field: 'name' },
    { name: 'holiday list null', method: 'POST', path: at('/holidays'), options: json({ holidays: null }), status: 400, field: 'holidays' },
    { name: 'holiday date null', method: 'POST', path: at('/holidays'), options: json({ date: null }), status: 400, field: 'date' },
    { name: 'holiday list empty', method: 'POST', path: at('/holidays'), options: json({ holidays: [] }), status: 400, field: 'holidays' },
    { name: 'holiday list with a bad date', method: 'POST', path: at('/holidays'), options: json({ holidays: [{ date: '2026-01-02' }, { date: '2026-13-01' }] }), status: 400, field: 'holidays.1.date' },
    { name: 'holiday list and a date', method: 'POST', path: at('/holidays'), options: json({ date: '2026-01-02', holidays: [{ date: '2026-01-03' }] }), status: 400, field: 'holidays' },
    { name: 'holiday list and a name', method: 'POST', path: at('/holidays'), options: json({ name: 'x', holidays: [{ date: '2026-01-03' }] }), status: 400, field: 'holidays' },
    { name: 'holiday list date twice', method: 'POST', path: at('/holidays'), options: json({ holidays: [{ date: '2026-01-05' }, { date: '2026-01-05' }] }), status: 422, field: 'holidays' },
    { name: 'holiday unknown field', method: 'POST', path: at('/holidays'), options: json({ date: '2026-01-02', kind: 'bank' }), status: 400, field: 'kind' },
    { name: 'holiday stale If-Match', method: 'POST', path: at('/holidays'), options: { body: { date: '2026-01-02' }, headers: { 'if-match': '"99"' } }, status: 412 },
    { name: 'delete bad date', method: 'DELETE', path: at('/holidays/2026-1-1'), status: 400, field: 'date' },
    { name: 'delete impossible date', method: 'DELETE', path: at('/holidays/2026-02-30'), status: 400, field: 'date' },
    { name: 'delete date with SQL', method: 'DELETE', path: at(`/holidays/${encodeURIComponent("2026-01-01' OR '1'='1")}`), status: 400, field: 'date' },
    { name: 'delete absent holiday', method: 'DELETE', path: at('/holidays/2026-01-02'), status: 404 },
    { name: 'delete If-Match list naming no current version', method: 'DELETE', path: at('/holidays/2026-01-01'), options: { headers: { 'if-match': '"98", "99"' } }, status: 412 },
    { name: 'working days without from', method: 'GET', path: at('/working-days?to=2026-01-31'), status: 400, field: 'from' },
    { name: 'working days without to', method: 'GET', path: at('/working-days?from=2026-01-01'), status: 400, field: 'to' },
    { name: 'working days bad from', method: 'GET', path: at('/working-days?from=2026-1-1&to=2026-01-31'), status: 400, field: 'from' },
    { name: 'working days bad to', method: 'GET', path: at('/working-days?from=2026-01-01&to=tomorrow'), status: 400, field: 'to' },
    { name: 'working days over 366', method: 'GET', path: at('/working-days?from=2026-01-01&to=2027-01-02'), status: 400, field: 'to' },
    { name: 'working days reversed', method: 'GET', path: at('/working-days?from=2026-01-02&to=2026-01-01'), status: 400, field: 'to' },
    { name: 'working days unknown parameter', method: 'GET', path: at('/working-days?from=2026-01-01&to=2026-01-02&tz=JST'), status: 400, field: 'tz' },
    { name: 'working days for a bad id', method: 'GET', path: '/calendars/x/working-days?from=2026-01-01&to=2026-01-02', status: 400, field: 'id' },
    { name: 'unknown method on route', method: 'PATCH', path: at(''), options: json({ name: 'x' }), status: 404 },
  ];

  it.each(cases)('$name -> $status problem', async ({ method, path, options, status, field }) => {
    const snapshot = async () => [
      (await t.request('GET', '/calendars?limit=100')).body,
      (await t.request('GET', `/calendars/${calendarId}`)).body,
    ];
    const before = await snapshot();
    const response = await t.request(method, typeof path === 'function' ? path() : path, options);

    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, instance: expect.any(String), traceId: expect.any(String) });
    expect(response.body.type).toMatch(/^(urn:process-todo:problem:|about:blank$)/);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    if (field) {
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Nothing was written on the way to the error.
    expect(await snapshot()).toEqual(before);
  });
});
