import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../../config/app-config.js';
import { ProcessTemplate } from '../domain/process-template.aggregate.js';
import {
  TemplateArchivedError,
  TemplateNotFoundError,
  TemplateVersionNotFoundError,
} from '../domain/process-template.errors.js';
import type { ProcessTemplateRepository } from '../domain/process-template.repository.js';
import { memoryCacheStore } from '../../../platform/cache/cache-stores.js';
import { SharedReadCache } from '../../../platform/cache/shared-read-cache.js';
import { TemplateCache } from './template-cache.js';
import { TemplateCatalog } from './template-catalog.js';

const ID = '0b7f2a52-8c1e-4c55-9a51-2f1de1a7c0aa';
const T0 = new Date('2026-11-24T09:00:00Z');
const steps = [{ key: 'a', name: 'A', durationDays: 1 }];


function setUp(ttlSeconds = 60) {
  let template: ProcessTemplate | null = ProcessTemplate.create(ID, { name: 'Onboarding', steps }, T0);
  template.markPersisted(1);
  const calls = { findById: 0, findVersion: 0 };
  const templates: ProcessTemplateRepository = {
    findById: async () => {
      calls.findById++;
      return template && ProcessTemplate.restore(template.snapshot());
    },
    findVersion: async (_id, version) => {
      calls.findVersion++;
      return template && version === 1 ? template.latestRevision() : null;
    },
    insert: vi.fn(),
    saveRevision: vi.fn(),
    saveArchiveState: vi.fn(),
  };
  const config = { cache: { templateTtlMs: ttlSeconds * 1000 } } as AppConfig;
  // The app's own read cache over this process's memory: values go through JSON as in Redis.
  const cache = new TemplateCache(new SharedReadCache(memoryCacheStore()), config);
  return {
    catalog: new TemplateCatalog(templates, cache),
    cache,
    calls,
    archive: () => template!.archive(T0),
    remove: () => (template = null),
  };
}

describe('TemplateCatalog', () => {
  it('reads a template once, then answers from the cache', async () => {
    const { catalog, calls } = setUp();
    const first = await catalog.getForNewCase(ID);
    expect(first).toEqual({
      templateId: ID,
      version: 1,
      name: 'Onboarding',
      steps: [{ key: 'a', name: 'A', durationDays: 1, dependsOn: [], lagDays: 0, defaultAssigneeId: null }],
    });
    expect(await catalog.getForNewCase(ID)).toEqual(first);
    expect(await catalog.getVersion(ID, 1)).toEqual(first);
    expect(calls).toEqual({ findById: 1, findVersion: 0 });
  });

  it('keeps the archived flag until the head is forgotten', async () => {
    const { catalog, cache, archive } = setUp();
    await catalog.getForNewCase(ID);
    archive();
    await expect(catalog.getForNewCase(ID)).resolves.toBeTruthy();
    await cache.forgetHead(ID);
    await expect(catalog.getForNewCase(ID)).rejects.toBeInstanceOf(TemplateArchivedError);
    // Running cases still read their version.
    await expect(catalog.getVersion(ID, 1)).resolves.toMatchObject({ version: 1 });
  });

  it('caches nothing when the TTL is 0', async () => {
    const { catalog, calls } = setUp(0);
    await catalog.getForNewCase(ID);
    await catalog.getForNewCase(ID);
    expect(calls.findById).toBe(2);
  });

  it('does not cache absence', async () => {
    const { catalog, calls } = setUp();
    await expect(catalog.getVersion(ID, 2)).rejects.toBeInstanceOf(TemplateVersionNotFoundError);
    await expect(catalog.getVersion(ID, 2)).rejects.toBeInstanceOf(TemplateVersionNotFoundError);
    expect(calls.findVersion).toBe(2);
  });

  it('tells a missing template from a missing version, without asking the database about non-ids', async () => {
    const { catalog, remove, calls } = setUp();
    remove();
    await expect(catalog.getForNewCase(ID)).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(catalog.getVersion(ID, 1)).rejects.toBeInstanceOf(TemplateNotFoundError);
    const before = { ...calls };
    await expect(catalog.getForNewCase('x')).rejects.toBeInstanceOf(TemplateNotFoundError);
    await expect(catalog.getVersion(ID, 0)).rejects.toBeInstanceOf(TemplateNotFoundError);
    expect(calls.findVersion).toBe(before.findVersion);
  });
});
