import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { caseEvents, stepAssignmentNotices } from './case-follow-ups.js';

const step = (key: string, assigneeId: string | null, status = 'todo') =>
  ({ key, name: key.toUpperCase(), status, assigneeId, start: '2027-01-04', due: '2027-01-05', pinned: false, durationDays: 2, dependsOn: [], lagDays: 0 }) as unknown as CaseSnapshot['steps'][number];
const aCase = (over: Partial<CaseSnapshot> = {}): CaseSnapshot =>
  ({ id: 'c1', version: 1, title: 'Audit', templateId: 't1', templateVersion: 1, calendarId: 'k1', goalDate: '2027-02-01', status: 'open', steps: [step('a', 'u1'), step('b', null)], createdBy: null, createdAt: new Date(), updatedAt: new Date(), ...over }) as CaseSnapshot;

describe('case follow-ups', () => {
  it('a new case: case.created, and step.assigned with an e-mail for each assigned step', () => {
    const created = aCase();
    expect(caseEvents(null, created).map((event) => event.name)).toEqual(['case.created', 'step.assigned']);
    expect(stepAssignmentNotices(null, created)).toEqual([
      { kind: 'send-email', data: { template: 'step-assigned', userId: 'u1', caseId: 'c1', caseTitle: 'Audit', stepKey: 'a', title: 'A', dueDate: '2027-01-05' } },
    ]);
  });

  it('a change: step.assigned only for a new assignee, case.completed only on the move to completed', () => {
    const before = aCase();
    const reassigned = aCase({ steps: [step('a', 'u1'), step('b', 'u2')] });
    expect(caseEvents(before, reassigned).map((event) => event.name)).toEqual(['step.assigned']);
    expect(stepAssignmentNotices(before, reassigned).map((notice) => (notice.data as { userId: string }).userId)).toEqual(['u2']);
    expect(caseEvents(before, aCase({ title: 'Renamed' }))).toEqual([]);
    const done = aCase({ status: 'completed' });
    expect(caseEvents(before, done).map((event) => event.name)).toEqual(['case.completed']);
    expect(caseEvents(done, aCase({ status: 'completed', title: 'x' }))).toEqual([]);
    expect(caseEvents(before, aCase({ steps: [step('a', null), step('b', null)] }))).toEqual([]);
  });
});
