import { describe, expect, it, vi } from 'vitest';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import {
  ProcessTemplate,
  type ProcessTemplateSnapshot,
} from '../domain/process-template.aggregate.js';
import { TemplateArchivedError, TemplateNotFoundError } from '../domain/process-template.errors.js';
import type { ProcessTemplateRepository } from '../domain/process-template.repository.js';
import type { NewTemplateDefinition } from '../domain/template-definition.js';
import { ReviseTemplateUseCase } from './revise-template.use-case.js';
import type { TemplateCache } from './template-cache.js';

vi.mock('@nestjs-cls/transactional', () => ({ Transactional: () => () => undefined }));

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const definition = (name: string): NewTemplateDefinition => ({
  name,
  steps: [{ key: 'a', name: 'A', durationDays: 1 }],
});
const stored: ProcessTemplateSnapshot = ProcessTemplate.create(
  't1',
  definition('Onboarding'),
  new Date('2026-11-24T09:00:00Z'),
).snapshot();

/** A repository stub whose first `conflicts` revisions lose to another writer. */
function repository(conflicts = 0, seed = stored) {
  let current = seed;
  let remaining = conflicts;
  const revisions: number[] = [];
  const templates: ProcessTemplateRepository = {
    findById: async (id) => (id === current.id ? ProcessTemplate.restore(current) : null),
    findVersion: async () => null,
    insert: async () => undefined,
    saveArchiveState: async () => true,
    saveRevision: async (template) => {
      if (remaining-- > 0) {
        current = { ...current, version: current.version + 1, name: 'Other writer' };
        throw new StaleVersionError('process template', template.id, template.version, current.version);
      }
      current = template.snapshot();
      template.markPersisted(current.version);
      revisions.push(current.version);
    },
  };
  return { templates, revisions };
}

function useCase(templates: ProcessTemplateRepository) {
  const events = { record: vi.fn() };
  const cache = { forgetHead: vi.fn(async () => undefined) };
  // No transaction in a unit test: after-commit work runs at once, as it does outside one.
  const afterCommit = { run: (work: () => unknown) => void work() };
  const revise = new ReviseTemplateUseCase(templates, clock, events, cache as unknown as TemplateCache, afterCommit, { record: async () => undefined }, { assertAssignable: async () => undefined });
  return { revise, events, cache };
}

describe('ReviseTemplateUseCase', () => {
  it('stores the next version, then forgets the cached head and records the event', async () => {
    const { templates, revisions } = repository();
    const { revise, events, cache } = useCase(templates);
    const result = await revise.execute({ id: 't1', definition: definition('Onboarding v2') });
    expect(result).toMatchObject({ version: 2, name: 'Onboarding v2' });
    expect(revisions).toEqual([2]);
    expect(cache.forgetHead).toHaveBeenCalledWith('t1');
    expect(events.record).toHaveBeenCalledWith('template_revised', { templateId: 't1', version: 2 });
  });

  it('goes on top of whatever is latest when another writer won and no version was given', async () => {
    const { templates, revisions } = repository(2);
    const result = await useCase(templates).revise.execute({ id: 't1', definition: definition('Mine') });
    expect(result).toMatchObject({ version: 4, name: 'Mine' });
    expect(revisions).toEqual([4]);
  });

  it('reports a stale version instead of retrying when the client named one', async () => {
    const { templates, revisions } = repository(1);
    const { revise, events, cache } = useCase(templates);
    await expect(
      revise.execute({ id: 't1', expectedVersions: [1], definition: definition('Mine') }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect(revisions).toEqual([]);
    expect(cache.forgetHead).not.toHaveBeenCalled();
    expect(events.record).not.toHaveBeenCalled();
  });

  it('refuses a version the template is no longer at before anything else', async () => {
    const { templates } = repository();
    await expect(
      useCase(templates).revise.execute({ id: 't1', expectedVersions: [7], definition: definition('X') }),
    ).rejects.toMatchObject({ expectedVersions: [7], actualVersion: 1 });
  });

  it('gives up after five lost races', async () => {
    const { templates } = repository(5);
    await expect(
      useCase(templates).revise.execute({ id: 't1', definition: definition('X') }),
    ).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('stores and records nothing for the same definition', async () => {
    const { templates, revisions } = repository();
    const { revise, events } = useCase(templates);
    const result = await revise.execute({ id: 't1', definition: definition('Onboarding') });
    expect(result.version).toBe(1);
    expect(revisions).toEqual([]);
    expect(events.record).not.toHaveBeenCalled();
  });

  it('refuses an archived template', async () => {
    const { templates } = repository(0, { ...stored, archivedAt: clock.now() });
    await expect(
      useCase(templates).revise.execute({ id: 't1', definition: definition('X') }),
    ).rejects.toBeInstanceOf(TemplateArchivedError);
  });

  it('raises not found for an unknown template', async () => {
    const { templates } = repository();
    await expect(
      useCase(templates).revise.execute({ id: 'nope', definition: definition('X') }),
    ).rejects.toBeInstanceOf(TemplateNotFoundError);
  });
});
