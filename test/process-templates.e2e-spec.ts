import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TemplateCatalog } from '../src/modules/process-templates/application/template-catalog.js';
import {
  TemplateArchivedError,
  TemplateNotFoundError,
  TemplateVersionNotFoundError,
} from '../src/modules/process-templates/domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_REPOSITORY,
  type ProcessTemplateRepository,
} from '../src/modules/process-templates/domain/process-template.repository.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../src/shared/application/business-events.js';
import { type RequestOptions, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
/** A template that the malformed requests aim at and must leave as it is. */
let existingId: string;

beforeAll(async () => {
  t = await startTestApp();
  existingId = (await createTemplate()).id;
});
afterAll(async () => {
  await t?.close();
});

const STEPS = [
  { key: 'contract', name: 'Sign the contract', durationDays: 2 },
  { key: 'laptop', name: 'Order a laptop', durationDays: 5, dependsOn: ['contract'], lagDays: 1 },
  { key: 'welcome', name: 'Welcome day', durationDays: 1, dependsOn: ['contract', 'laptop'] },
];

const step = (key: string, dependsOn: string[] = [], extra: Record<string, unknown> = {}) => ({
  key,
  name: `Step ${key}`,
  durationDays: 1,
  dependsOn,
  ...extra,
});

async function createTemplate(body: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/process-templates', {
    body: { name: 'Onboarding', steps: STEPS, ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function listAll(query: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page = await t.request(
      'GET',
      `/process-templates?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number, type: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, type: `urn:process-todo:problem:${type}` });
}

describe('POST /process-templates', () => {
  it('creates version 1 with defaults, a Location and an ETag', async () => {
    const response = await t.request('POST', '/process-templates', {
      body: { name: '  Onboarding  ', steps: STEPS },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/process-templates/${response.body.id}`);
    expect(response.body).toMatchObject({
      version: 1,
      latestVersion: 1,
      name: 'Onboarding',
      description: '',
      archivedAt: null,
      steps: [
        { key: 'contract', name: 'Sign the contract', durationDays: 2, dependsOn: [], lagDays: 0, defaultAssigneeId: null },
        { key: 'laptop', name: 'Order a laptop', durationDays: 5, dependsOn: ['contract'], lagDays: 1, defaultAssigneeId: null },
        { key: 'welcome', name: 'Welcome day', durationDays: 1, dependsOn: ['contract', 'laptop'], lagDays: 0, defaultAssigneeId: null },
      ],
    });
    expect(response.body.versionCreatedAt).toBe(response.body.createdAt);
  });

  it('refuses a cycle with 422, naming its steps in order', async () => {
    const before = await listAll('limit=100');
    const response = await t.request('POST', '/process-templates', {
      body: { name: 'Cyclic', steps: [step('draft'), step('review', ['draft', 'approve']), step('approve', ['review'])] },
    });
    expectProblem(response, 422, 'template-dependency-cycle');
    expect(response.body.errors).toEqual([
      { field: 'steps.2.dependsOn', message: 'forms a cycle: review -> approve -> review' },
    ]);
    expect(response.body.detail).toContain('review -> approve -> review');
    expect(await listAll('limit=100')).toEqual(before);
  });

  it('names the step and the unknown key it depends on', async () => {
    const response = await t.request('POST', '/process-templates', {
      body: { name: 'Unknown', steps: [step('draft'), step('sign', ['draft', 'notarise'])] },
    });
    expectProblem(response, 422, 'template-unknown-dependency');
    expect(response.body.errors).toEqual([
      { field: 'steps.1.dependsOn', message: 'sign depends on unknown step notarise' },
    ]);
  });

  it('names a duplicate key', async () => {
    const response = await t.request('POST', '/process-templates', {
      body: { name: 'Twice', steps: [step('draft'), step('sign'), step('draft')] },
    });
    expectProblem(response, 422, 'template-duplicate-step-key');
    expect(response.body.errors).toEqual([
      { field: 'steps.2.key', message: 'draft is already the key of steps.0' },
    ]);
  });

  it('refuses a step that depends on itself', async () => {
    const response = await t.request('POST', '/process-templates', {
      body: { name: 'Self', steps: [step('draft', ['draft'])] },
    });
    expectProblem(response, 422, 'template-self-dependency');
    expect(response.body.errors).toEqual([{ field: 'steps.0.dependsOn', message: 'draft depends on itself' }]);
  });
});

describe('GET /process-templates/:id', () => {
  it('reads the latest version with its ETag', async () => {
    const template = await createTemplate({ description: 'For new hires' });
    const response = await t.request('GET', `/process-templates/${template.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toEqual(template);
  });

  it('answers 404 problems for an unknown template or version', async () => {
    const id = randomUUID();
    expectProblem(await t.request('GET', `/process-templates/${id}`), 404, 'template-not-found');
    expectProblem(await t.request('GET', `/process-templates/${id}?version=1`), 404, 'template-not-found');
    expectProblem(await t.request('GET', `/process-templates/${id}/versions`), 404, 'template-not-found');
    expectProblem(
      await t.request('GET', `/process-templates/${existingId}?version=99`),
      404,
      'template-version-not-found',
    );
  });
});

describe('PUT /process-templates/:id (revisions)', () => {
  const revised = { name: 'Onboarding v2', description: 'Shorter', steps: [step('contract'), step('welcome', ['contract'], { lagDays: 2 })] };

  it('makes version 2 and keeps version 1 as it was', async () => {
    const template = await createTemplate();
    const put = await t.request('PUT', `/process-templates/${template.id}`, { body: revised });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect(put.body).toMatchObject({ version: 2, latestVersion: 2, name: 'Onboarding v2', createdAt: template.createdAt });
    expect(put.body.steps.map((s: { key: string }) => s.key)).toEqual(['contract', 'welcome']);

    const latest = await t.request('GET', `/process-templates/${template.id}`);
    expect(latest.body).toEqual(put.body);

    const first = await t.request('GET', `/process-templates/${template.id}?version=1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    expect(first.body).toMatchObject({
      version: 1,
      latestVersion: 2,
      name: 'Onboarding',
      steps: template.steps,
      versionCreatedAt: template.createdAt,
    });

    const versions = await t.request('GET', `/process-templates/${template.id}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.items).toEqual([
      { version: 1, name: 'Onboarding', createdAt: template.createdAt },
      { version: 2, name: 'Onboarding v2', createdAt: put.body.versionCreatedAt },
    ]);
  });

  it('adds no version for the same definition', async () => {
    const template = await createTemplate();
    const put = await t.request('PUT', `/process-templates/${template.id}`, {
      body: { name: 'Onboarding', steps: STEPS },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(template);
    expect((await t.request('GET', `/process-templates/${template.id}/versions`)).body.items).toHaveLength(1);
  });

  it('answers 412 to a stale If-Match and stores nothing', async () => {
    const template = await createTemplate();
    await t.request('PUT', `/process-templates/${template.id}`, { body: revised });
    const stale = await t.request('PUT', `/process-templates/${template.id}`, {
      body: { ...revised, name: 'Lost' },
      headers: { 'if-match': '"1"' },
    });
    expectProblem(stale, 412, 'stale-version');
    const read = await t.request('GET', `/process-templates/${template.id}`);
    expect(read.body).toMatchObject({ version: 2, name: 'Onboarding v2' });

    const current = await t.request('PUT', `/process-templates/${template.id}`, {
      body: { ...revised, name: 'Kept' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"3"');
  });

  it('lets exactly one of two revisions holding the same ETag win', async () => {
    const template = await createTemplate();
    const results = await Promise.all(
      ['A', 'B'].map((name) =>
        t.request('PUT', `/process-templates/${template.id}`, {
          body: { ...revised, name },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const versions = await t.request('GET', `/process-templates/${template.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('loses no revision among concurrent writers without If-Match', async () => {
    const template = await createTemplate();
    const writers = 4;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        t.request('PUT', `/process-templates/${template.id}`, { body: { ...revised, name: `Writer ${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(writers).fill(200));
    const versions = await t.request('GET', `/process-templates/${template.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.body.version)).size).toBe(writers);
  });

  it('answers 404 for an unknown template', async () => {
    expectProblem(await t.request('PUT', `/process-templates/${randomUUID()}`, { body: revised }), 404, 'template-not-found');
  });
});

describe('archive and restore', () => {
  it('archive refuses revisions with 409 until restored, and both are idempotent', async () => {
    const template = await createTemplate();
    const archived = await t.request('POST', `/process-templates/${template.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.headers.get('etag')).toBe('"1"');
    expect(archived.body.archivedAt).toEqual(expect.any(String));

    const again = await t.request('POST', `/process-templates/${template.id}/archive`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(archived.body);

    const put = await t.request('PUT', `/process-templates/${template.id}`, { body: { name: 'Changed', steps: STEPS } });
    expectProblem(put, 409, 'template-archived');
    expect((await t.request('GET', `/process-templates/${template.id}/versions`)).body.items).toHaveLength(1);

    const restored = await t.request('POST', `/process-templates/${template.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    const restoredAgain = await t.request('POST', `/process-templates/${template.id}/restore`);
    expect(restoredAgain.body).toEqual(restored.body);

    const revised = await t.request('PUT', `/process-templates/${template.id}`, { body: { name: 'Changed', steps: STEPS } });
    expect(revised.status).toBe(200);
    expect(revised.body.version).toBe(2);
  });

  it('answers 404 for an unknown template', async () => {
    expectProblem(await t.request('POST', `/process-templates/${randomUUID()}/archive`), 404, 'template-not-found');
    expectProblem(await t.request('POST', `/process-templates/${randomUUID()}/restore`), 404, 'template-not-found');
  });
});

describe('GET /process-templates', () => {
  it('lists active templates by default, archived ones on request, filtered by name', async () => {
    const tag = `tpl-${randomUUID().slice(0, 8)}`;
    const a = await createTemplate({ name: `${tag} Alpha 100%` });
    const b = await createTemplate({ name: `${tag} Bravo` });
    const c = await createTemplate({ name: `${tag} Charlie` });
    await t.request('POST', `/process-templates/${c.id}/archive`);
    await t.request('PUT', `/process-templates/${b.id}`, { body: { name: `${tag} Bravo v2`, steps: STEPS.slice(0, 1) } });

    const active = await listAll(`q=${tag}`);
    expect(active.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(active[0]).toEqual({
      id: b.id,
      version: 2,
      name: `${tag} Bravo v2`,
      description: '',
      stepCount: 1,
      archivedAt: null,
      createdAt: b.createdAt,
      updatedAt: expect.any(String),
    });
    expect((await listAll(`q=${tag}&archived=true`)).map((x) => x.id)).toEqual([c.id]);
    expect((await listAll(`q=${tag.toUpperCase()}%20alpha`)).map((x) => x.id)).toEqual([a.id]);
    expect((await listAll(`q=${tag}%20Alpha%20100%25`)).map((x) => x.id)).toEqual([a.id]);
    expect(await listAll(`q=${tag}%25%25`)).toEqual([]);
  });

  it('pages with a cursor under concurrent inserts: no duplicates, no gaps', async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    const before = new Set<string>();
    for (let i = 0; i < 9; i++) before.add((await createTemplate({ name: `${tag} ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const [page]: [{ status: number; body: any }, unknown] = await Promise.all([
        t.request('GET', `/process-templates?q=${tag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        createTemplate({ name: `${tag} late` }),
      ]);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
  });
});

describe('writes', () => {
  it('run in a transaction and record one business event each, after it', async () => {
    const repository = t.app.get<ProcessTemplateRepository>(PROCESS_TEMPLATE_REPOSITORY);
    const txHost = t.app.get(TransactionHost);
    const events = t.app.get<BusinessEvents>(BUSINESS_EVENTS);
    const inTransaction: boolean[] = [];
    type Write = 'insert' | 'saveRevision' | 'saveArchiveState';
    const writes = repository as unknown as Record<Write, (template: unknown) => Promise<unknown>>;
    const spies = (['insert', 'saveRevision', 'saveArchiveState'] as const).map((method) => {
      const original = writes[method].bind(repository);
      return vi.spyOn(writes, method).mockImplementation(async (template) => {
        inTransaction.push(txHost.isTransactionActive());
        return original(template);
      });
    });
    const record = vi.spyOn(events, 'record');
    try {
      const template = await createTemplate();
      await t.request('PUT', `/process-templates/${template.id}`, { body: { name: 'v2', steps: STEPS } });
      await t.request('POST', `/process-templates/${template.id}/archive`);
      await t.request('POST', `/process-templates/${template.id}/archive`);
      await t.request('POST', `/process-templates/${template.id}/restore`);

      expect(inTransaction).toEqual([true, true, true, true]);
      const mine = record.mock.calls.filter(([, context]) => context.templateId === template.id);
      expect(mine).toEqual([
        ['template_created', { templateId: template.id, version: 1, steps: 3 }],
        ['template_revised', { templateId: template.id, version: 2 }],
        ['template_archived', { templateId: template.id }],
        ['template_restored', { templateId: template.id }],
      ]);
    } finally {
      for (const spy of spies) spy.mockRestore();
      record.mockRestore();
    }
  });
});

describe('TemplateCatalog (for the cases module)', () => {
  it('serves the latest version, and sees archive, restore and revision at once', async () => {
    const catalog = t.app.get(TemplateCatalog);
    const template = await createTemplate();
    const first = await catalog.getForNewCase(template.id);
    expect(first).toEqual({ templateId: template.id, version: 1, name: 'Onboarding', steps: template.steps });

    await t.request('POST', `/process-templates/${template.id}/archive`);
    await expect(catalog.getForNewCase(template.id)).rejects.toBeInstanceOf(TemplateArchivedError);
    // A running case still reads the version it began with.
    expect(await catalog.getVersion(template.id, 1)).toEqual(first);

    await t.request('POST', `/process-templates/${template.id}/restore`);
    expect((await catalog.getForNewCase(template.id)).version).toBe(1);

    await t.request('PUT', `/process-templates/${template.id}`, { body: { name: 'Next', steps: STEPS.slice(0, 2) } });
    const latest = await catalog.getForNewCase(template.id);
    expect(latest).toMatchObject({ version: 2, name: 'Next' });
    expect(latest.steps).toHaveLength(2);
    expect(await catalog.getVersion(template.id, 1)).toEqual(first);
  });

  it('hands out copies: changing one does not change the next answer', async () => {
    const catalog = t.app.get(TemplateCatalog);
    const template = await createTemplate();
    const copy = await catalog.getForNewCase(template.id);
    copy.steps.reverse();
    (copy.steps as { name: string }[])[0]!.name = 'Mutated';
    expect((await catalog.getForNewCase(template.id)).steps).toEqual(template.steps);
  });

  it('raises not-found errors the cases module can map', async () => {
    const catalog = t.app.get(TemplateCatalog);
    await expect(catalog.getForNewCase(randomUUID())).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(catalog.getForNewCase('not-a-uuid')).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(catalog.getVersion(randomUUID(), 1)).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(catalog.getVersion(existingId, 7)).rejects.toBeInstanceOf(TemplateVersionNotFoundError);
  });
});

const json = (body: unknown): RequestOptions => ({ body });
const definition = (patch: Record<string, unknown>) => json({ name: 'T', steps: [step('a')], ...patch });
const withStep = (patch: Record<string, unknown>) => definition({ steps: [{ ...step('a'), ...patch }] });

interface Case {
  name: string;
  method?: string;
  path?: string | (() => string);
  options?: RequestOptions;
  status: number;
  field: string;
}

const malformed: Case[] = [
  { name: 'no body', options: {}, status: 400, field: 'body' },
  { name: 'array body', options: json([{ name: 'T' }]), status: 400, field: 'body' },
  { name: 'missing name', options: json({ steps: [step('a')] }), status: 400, field: 'name' },
  { name: 'blank name', options: definition({ name: '   ' }), status: 400, field: 'name' },
  { name: 'name too long', options: definition({ name: 'x'.repeat(201) }), status: 400, field: 'name' },
  { name: 'description too long', options: definition({ description: 'd'.repeat(10_001) }), status: 400, field: 'description' },
  { name: 'description null', options: definition({ description: null }), status: 400, field: 'description' },
  { name: 'missing steps', options: json({ name: 'T' }), status: 400, field: 'steps' },
  { name: 'no steps', options: definition({ steps: [] }), status: 400, field: 'steps' },
  { name: 'steps not a list', options: definition({ steps: { a: step('a') } }), status: 400, field: 'steps' },
  { name: '201 steps', options: definition({ steps: Array.from({ length: 201 }, (_, i) => step(`s${i}`)) }), status: 400, field: 'steps' },
  { name: 'a step that is no object', options: definition({ steps: [step('a'), 7] }), status: 400, field: 'steps.1' },
  { name: 'step without key', options: definition({ steps: [{ name: 'x', durationDays: 1 }] }), status: 400, field: 'steps.0.key' },
  { name: 'upper-case key', options: withStep({ key: 'Draft' }), status: 400, field: 'steps.0.key' },
  { name: 'key too long', options: withStep({ key: 'k'.repeat(51) }), status: 400, field: 'steps.0.key' },
  { name: 'blank step name', options: withStep({ name: ' ' }), status: 400, field: 'steps.0.name' },
  { name: 'zero duration', options: withStep({ durationDays: 0 }), status: 400, field: 'steps.0.durationDays' },
  { name: 'fractional duration', options: withStep({ durationDays: 1.5 }), status: 400, field: 'steps.0.durationDays' },
  { name: 'duration as text', options: withStep({ durationDays: '3' }), status: 400, field: 'steps.0.durationDays' },
  { name: 'duration over a year', options: withStep({ durationDays: 366 }), status: 400, field: 'steps.0.durationDays' },
  {
    name: 'bad duration in the third step',
    options: definition({ steps: [step('a'), step('b'), step('c', [], { durationDays: -2 })] }),
    status: 400,
    field: 'steps.2.durationDays',
  },
  { name: 'negative lag', options: withStep({ lagDays: -1 }), status: 400, field: 'steps.0.lagDays' },
  { name: 'lag null', options: withStep({ lagDays: null }), status: 400, field: 'steps.0.lagDays' },
  { name: 'dependsOn not a list', options: withStep({ dependsOn: 'b' }), status: 400, field: 'steps.0.dependsOn' },
  {
    name: 'dependsOn naming a step twice',
    options: definition({ steps: [step('a'), step('b', ['a', 'a'])] }),
    status: 400,
    field: 'steps.1.dependsOn',
  },
  { name: 'assignee not a UUID', options: withStep({ defaultAssigneeId: 'bob' }), status: 400, field: 'steps.0.defaultAssigneeId' },
  { name: 'unknown step field', options: withStep({ owner: 'me' }), status: 400, field: 'steps.0.owner' },
  { name: 'version in the body', options: definition({ version: 3 }), status: 400, field: 'version' },
  {
    name: 'cycle',
    options: definition({ steps: [step('a', ['b']), step('b', ['a'])] }),
    status: 422,
    field: 'steps.1.dependsOn',
  },
  { name: 'unknown dependency', options: definition({ steps: [step('a', ['zzz'])] }), status: 422, field: 'steps.0.dependsOn' },
  { name: 'duplicate key', options: definition({ steps: [step('a'), step('a')] }), status: 422, field: 'steps.1.key' },
  { name: 'self dependency', options: definition({ steps: [step('a', ['a'])] }), status: 422, field: 'steps.0.dependsOn' },
  { name: 'PUT with a bad step', method: 'PUT', path: () => `/process-templates/${existingId}`, options: withStep({ durationDays: 0 }), status: 400, field: 'steps.0.durationDays' },
  { name: 'PUT with a cycle', method: 'PUT', path: () => `/process-templates/${existingId}`, options: definition({ steps: [step('a', ['b']), step('b', ['a'])] }), status: 422, field: 'steps.1.dependsOn' },
  {
    name: 'PUT with a malformed If-Match',
    method: 'PUT',
    path: () => `/process-templates/${existingId}`,
    options: { body: { name: 'T', steps: [step('a')] }, headers: { 'if-match': 'v1' } },
    status: 400,
    field: 'If-Match',
  },
  { name: 'PUT to an id that is no UUID', method: 'PUT', path: '/process-templates/42', options: definition({}), status: 400, field: 'id' },
  { name: 'archive an id that is no UUID', method: 'POST', path: '/process-templates/42/archive', status: 400, field: 'id' },
  { name: 'version zero', method: 'GET', path: () => `/process-templates/${existingId}?version=0`, status: 400, field: 'version' },
  { name: 'version not a number', method: 'GET', path: () => `/process-templates/${existingId}?version=latest`, status: 400, field: 'version' },
  { name: 'limit too large', method: 'GET', path: '/process-templates?limit=101', status: 400, field: 'limit' },
  { name: 'archived not a boolean', method: 'GET', path: '/process-templates?archived=yes', status: 400, field: 'archived' },
  { name: 'unknown list parameter', method: 'GET', path: '/process-templates?sort=name', status: 400, field: 'sort' },
  {
    name: 'forged cursor',
    method: 'GET',
    path: `/process-templates?cursor=${Buffer.from('["-createdAt","x","y"]').toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
];

describe('malformed template requests', () => {
  const snapshot = async () => [
    await t.request('GET', '/process-templates?limit=100'),
    await t.request('GET', '/process-templates?limit=100&archived=true'),
    await t.request('GET', `/process-templates/${existingId}/versions`),
    await t.request('GET', `/process-templates/${existingId}`),
  ].map((response) => response.body);

  it.each(malformed)('$name -> $status naming $field', async ({ method = 'POST', path = '/process-templates', options, status, field }) => {
    const before = await snapshot();
    const response = await t.request(method, typeof path === 'function' ? path() : path, options);

    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, traceId: expect.any(String) });
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    // Nothing was written on the way to the error.
    expect(await snapshot()).toEqual(before);
  });
});
