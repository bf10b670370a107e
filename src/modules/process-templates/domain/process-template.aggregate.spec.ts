import { describe, expect, it } from 'vitest';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { ProcessTemplate } from './process-template.aggregate.js';
import {
  ChainTooLongError,
  DependencyCountError,
  StepCycleError,
  TemplateArchivedError,
} from './process-template.errors.js';
import type { NewTemplateDefinition } from './template-definition.js';

const T0 = new Date('2026-11-24T09:00:00Z');
const T1 = new Date('2026-11-24T10:00:00Z');
const T2 = new Date('2026-11-24T11:00:00Z');

const definition = (input: Partial<NewTemplateDefinition> = {}): NewTemplateDefinition => ({
  name: 'Onboarding',
  steps: [
    { key: 'contract', name: 'Sign the contract', durationDays: 2 },
    { key: 'laptop', name: 'Order a laptop', durationDays: 5, dependsOn: ['contract'], lagDays: 1 },
  ],
  ...input,
});
const newTemplate = (input: Partial<NewTemplateDefinition> = {}) =>
  ProcessTemplate.create('tpl-1', definition(input), T0);
/** A template as loaded from the database at `version`. */
const stored = (version = 1) => ProcessTemplate.restore({ ...newTemplate().snapshot(), version });

describe('ProcessTemplate.create', () => {
  it('is version 1 with defaults and trimmed names', () => {
    const template = newTemplate({ name: '  Onboarding  ' });
    expect(template.version).toBe(0);
    expect(template.snapshot()).toEqual({
      id: 'tpl-1',
      version: 1,
      name: 'Onboarding',
      description: '',
      steps: [
        { key: 'contract', name: 'Sign the contract', durationDays: 2, dependsOn: [], lagDays: 0, defaultAssigneeId: null },
        { key: 'laptop', name: 'Order a laptop', durationDays: 5, dependsOn: ['contract'], lagDays: 1, defaultAssigneeId: null },
      ],
      versionCreatedAt: T0,
      archivedAt: null,
      createdAt: T0,
      updatedAt: T0,
    });
  });

  it.each([
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ description: 'x'.repeat(10_001) }, 'description'],
    [{ steps: [{ key: 'Upper', name: 'x', durationDays: 1 }] }, 'steps.0.key'],
    [{ steps: [{ key: 'k'.repeat(51), name: 'x', durationDays: 1 }] }, 'steps.0.key'],
    [{ steps: [{ key: '-lead', name: 'x', durationDays: 1 }] }, 'steps.0.key'],
    [{ steps: [{ key: 'a', name: ' ', durationDays: 1 }] }, 'steps.0.name'],
    [{ steps: [{ key: 'a', name: 'x'.repeat(201), durationDays: 1 }] }, 'steps.0.name'],
    [{ steps: [{ key: 'a', name: 'x', durationDays: 0 }] }, 'steps.0.durationDays'],
    [{ steps: [{ key: 'a', name: 'x', durationDays: 366 }] }, 'steps.0.durationDays'],
    [{ steps: [{ key: 'a', name: 'x', durationDays: 1.5 }] }, 'steps.0.durationDays'],
    [{ steps: [{ key: 'a', name: 'x', durationDays: 1, lagDays: -1 }] }, 'steps.0.lagDays'],
    [{ steps: [{ key: 'a', name: 'x', durationDays: 1, lagDays: 366 }] }, 'steps.0.lagDays'],
    [
      { steps: [{ key: 'a', name: 'x', durationDays: 1 }, { key: 'b', name: 'y', durationDays: 1, dependsOn: ['a', 'a'] }] },
      'steps.1.dependsOn',
    ],
  ])('refuses %o naming %s', (input, field) => {
    const error = (() => {
      try {
        newTemplate(input);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvariantViolationError);
    expect((error as InvariantViolationError).fields[0]?.field).toBe(field);
  });

  it('refuses more dependencies than a template may have, and chains no calendar could plan', () => {
    // The template of the issue: 200 steps, each waiting for all earlier ones, a year each.
    const dense = Array.from({ length: 200 }, (_, i) => ({
      key: `s${i}`,
      name: `Step ${i}`,
      durationDays: 365,
      lagDays: 365,
      dependsOn: Array.from({ length: i }, (_, j) => `s${j}`),
    }));
    expect(() => newTemplate({ steps: dense })).toThrow(DependencyCountError);
    const chain = dense.slice(0, 6).map((step, i) => ({ ...step, dependsOn: i ? [`s${i - 1}`] : [] }));
    expect(() => newTemplate({ steps: chain })).toThrow(ChainTooLongError);
    expect(() => newTemplate({ steps: chain.slice(0, 5) })).not.toThrow();
    expect(() => stored().revise(definition({ steps: chain }), T1)).toThrow(ChainTooLongError);
  });

  it('refuses steps that form a cycle', () => {
    const steps = [
      { key: 'a', name: 'A', durationDays: 1, dependsOn: ['b'] },
      { key: 'b', name: 'B', durationDays: 1, dependsOn: ['a'] },
    ];
    expect(() => newTemplate({ steps })).toThrow(StepCycleError);
  });
});

describe('ProcessTemplate.revise', () => {
  it('makes the next version and keeps the loaded one for the conditional write', () => {
    const template = stored(3);
    template.revise(definition({ name: 'Onboarding v2' }), T1);
    expect(template.version).toBe(3);
    expect(template.latestVersion).toBe(4);
    expect(template.hasChanges).toBe(true);
    expect(template.latestRevision()).toMatchObject({
      templateId: 'tpl-1',
      version: 4,
      definition: { name: 'Onboarding v2' },
      createdAt: T1,
    });
    expect(template.snapshot()).toMatchObject({ createdAt: T0, updatedAt: T1, versionCreatedAt: T1 });
  });

  it('replaces a pending revision instead of skipping a version', () => {
    const template = stored(2);
    template.revise(definition({ name: 'A' }), T1);
    template.revise(definition({ name: 'B' }), T2);
    expect(template.snapshot()).toMatchObject({ version: 3, name: 'B' });
  });

  it('counts the same definition as no change', () => {
    const template = stored(2);
    template.revise(definition({ name: ' Onboarding ' }), T1);
    expect(template.hasChanges).toBe(false);
    expect(template.snapshot()).toMatchObject({ version: 2, updatedAt: T0 });
  });

  it('counts a changed step field as a change', () => {
    const template = stored();
    const steps = definition().steps.map((s) => (s.key === 'laptop' ? { ...s, lagDays: 2 } : s));
    template.revise(definition({ steps }), T1);
    expect(template.latestVersion).toBe(2);
  });

  it('refuses to revise an archived template, and leaves it as it was', () => {
    const template = stored();
    template.archive(T1);
    expect(() => template.revise(definition({ name: 'Other' }), T2)).toThrow(TemplateArchivedError);
    expect(template.snapshot()).toMatchObject({ version: 1, name: 'Onboarding' });
  });

  it('checks the new definition like a new template', () => {
    expect(() => stored().revise(definition({ steps: [] }), T1)).toThrow(/1 to 200 steps/);
  });
});

describe('archiving', () => {
  it('archives and restores idempotently, keeping the first archive time', () => {
    const template = stored();
    template.archive(T1);
    template.archive(T2);
    expect(template.snapshot()).toMatchObject({ archivedAt: T1, updatedAt: T1, version: 1 });
    template.restoreFromArchive(T2);
    template.restoreFromArchive(T2);
    expect(template.snapshot()).toMatchObject({ archivedAt: null, updatedAt: T2 });
  });

  it('counts archiving an archived template as no change', () => {
    const template = ProcessTemplate.restore({ ...newTemplate().snapshot(), archivedAt: T1 });
    template.archive(T2);
    expect(template.hasChanges).toBe(false);
    const active = stored();
    active.restoreFromArchive(T2);
    expect(active.hasChanges).toBe(false);
  });

  it('stops new cases only while archived', () => {
    const template = stored();
    expect(() => template.assertCanStartCases()).not.toThrow();
    template.archive(T1);
    expect(() => template.assertCanStartCases()).toThrow(TemplateArchivedError);
    template.restoreFromArchive(T2);
    expect(() => template.assertCanStartCases()).not.toThrow();
  });
});
