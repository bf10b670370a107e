import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { Case, type TemplateStepInput } from './case.aggregate.js';
import {
  CaseClosedError,
  FinishedStepCannotMoveError,
  InvalidCaseTransitionError,
  InvalidStepTransitionError,
} from './case.errors.js';

const d = (value: string) => value as CalendarDate;
const calendar = new WorkingCalendar([1, 2, 3, 4, 5]);
const today = d('2026-11-24');
const now = new Date('2026-11-24T09:00:00Z');
const later = new Date('2026-11-25T09:00:00Z');

const steps: TemplateStepInput[] = [
  { key: 'collect', name: 'Collect documents', durationDays: 3, dependsOn: [], lagDays: 0, defaultAssigneeId: null },
  { key: 'review', name: 'Review', durationDays: 2, dependsOn: ['collect'], lagDays: 1, defaultAssigneeId: 'u-reviewer' },
  { key: 'sign', name: 'Sign', durationDays: 1, dependsOn: ['review'], lagDays: 0, defaultAssigneeId: null },
];

const start = (goalDate = '2026-12-14', assignees?: Record<string, string>) =>
  Case.start(
    'c1',
    { title: 'Onboard ACME', templateId: 't1', templateVersion: 2, templateSteps: steps, calendarId: 'cal', goalDate, assignees },
    calendar,
    today,
    now,
  ).case;

const dates = (c: Case) => Object.fromEntries(c.snapshot().steps.map((s) => [s.key, [s.start, s.due]]));

describe('Case.start', () => {
  it('plans every step and takes assignees over template defaults', () => {
    const c = start('2026-12-14', { sign: 'u-ceo' });
    expect(dates(c)).toEqual({
      collect: ['2026-12-04', '2026-12-08'],
      review: ['2026-12-10', '2026-12-11'],
      sign: ['2026-12-14', '2026-12-14'],
    });
    expect(c.snapshot().steps.map((s) => s.assigneeId)).toEqual([null, 'u-reviewer', 'u-ceo']);
    expect(c.snapshot()).toMatchObject({ status: 'open', templateVersion: 2, goalDate: '2026-12-14' });
  });

  it('refuses assignees for steps the template does not have', () => {
    expect(() => start('2026-12-14', { nope: 'u1' })).toThrow(InvariantViolationError);
  });
});

describe('Case steps and status', () => {
  it('goes in progress with the first started step and completes with the last', () => {
    const c = start();
    c.updateStep('collect', { status: 'in_progress' }, later);
    expect(c.status).toBe('in_progress');
    c.updateStep('collect', { status: 'done' }, later);
    c.updateStep('review', { status: 'skipped' }, later);
    c.updateStep('sign', { status: 'done' }, later);
    expect(c.status).toBe('completed');
    c.updateStep('sign', { status: 'in_progress' }, later);
    expect(c.status).toBe('in_progress');
  });

  it('guards step and case transitions', () => {
    const c = start();
    expect(() => c.updateStep('collect', { status: 'todo' }, later)).not.toThrow();
    c.updateStep('collect', { status: 'done' }, later);
    expect(() => c.updateStep('collect', { status: 'blocked' }, later)).toThrow(InvalidStepTransitionError);
    expect(() => c.moveTo('completed', later)).toThrow(InvalidCaseTransitionError);
    c.moveTo('cancelled', later);
    expect(() => c.updateStep('review', { assigneeId: 'u2' }, later)).toThrow(CaseClosedError);
    expect(() => c.moveTo('open', later)).toThrow(InvalidCaseTransitionError);
  });
});

describe('Case.replan', () => {
  it('moves open steps to the new goal and keeps done and pinned ones', () => {
    const c = start();
    c.updateStep('collect', { status: 'done' }, later);
    const result = c.replan({ goalDate: '2026-12-21', pin: [{ stepKey: 'review' }] }, calendar, today, later);
    expect(result.changedSteps).toEqual([
      { stepKey: 'sign', from: { start: '2026-12-14', due: '2026-12-14' }, to: { start: '2026-12-21', due: '2026-12-21' } },
    ]);
    expect(dates(c).collect).toEqual(['2026-12-04', '2026-12-08']);
    expect(c.snapshot().steps.find((s) => s.key === 'review')!.pinned).toBe(true);
    expect(c.snapshot().goalDate).toBe('2026-12-21');
  });

  it('pins a step on a new due date and plans its dependencies before it', () => {
    const c = start();
    const result = c.previewReplan({ pin: [{ stepKey: 'review', due: '2026-12-03' }] }, calendar, today);
    expect(result.changedSteps.map((s) => s.stepKey)).toEqual(['collect', 'review']);
    expect(dates(c).review).toEqual(['2026-12-10', '2026-12-11']); // preview changed nothing
  });

  it('refuses to move a done step, or to pin on a day off', () => {
    const c = start();
    c.updateStep('collect', { status: 'done' }, later);
    expect(() => c.previewReplan({ pin: [{ stepKey: 'collect', due: '2026-12-01' }] }, calendar, today)).toThrow(
      FinishedStepCannotMoveError,
    );
    expect(() => c.previewReplan({ pin: [{ stepKey: 'review', due: '2026-12-05' }] }, calendar, today)).toThrow(
      InvariantViolationError,
    );
  });

  it('changes nothing when replanned unchanged, and is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.subarray(['collect', 'review', 'sign']),
        fc.subarray(['collect', 'review', 'sign']),
        (shift, done, pinned) => {
          const c = start();
          for (const key of done) c.updateStep(key, { status: 'done' }, later);
          for (const key of pinned) c.updateStep(key, { pinned: true }, later);
          const before = dates(c);
          const goal = new Date(Date.UTC(2026, 11, 14 + shift)).toISOString().slice(0, 10);
          c.replan({ goalDate: goal }, calendar, today, later);
          for (const key of [...done, ...pinned]) expect(dates(c)[key]).toEqual(before[key]);
          const again = c.replan({ goalDate: goal }, calendar, today, later);
          expect(again.changedSteps).toEqual([]);
        },
      ),
      { numRuns: 100, seed: 20261124 },
    );
    const fresh = start();
    expect(fresh.replan({}, calendar, today, later).changedSteps).toEqual([]);
    expect(fresh.hasChanges).toBe(false);
  });
});

describe('Case.criticalPath', () => {
  it('is the preview critical path while the stored plan is the one a replan would make', () => {
    const c = start('2026-12-14');
    expect(c.criticalPath(calendar, today)).toEqual(c.previewReplan({}, calendar, today).criticalPath);
    expect(c.criticalPath(calendar, today)).toEqual(['collect', 'review', 'sign']);
  });

  it('reads the stored dates: a finished step leaves the path, the rest keeps its slack', () => {
    const c = start('2026-12-21');
    c.updateStep('collect', { status: 'done' }, later);
    // collect is fixed now; review and sign still have the same slack from today.
    expect(c.criticalPath(calendar, today)).toEqual(['review', 'sign']);
  });
});
