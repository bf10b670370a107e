import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../../shared/domain/calendar-date.js';
import type { CaseSnapshot, StepInstance } from '../../domain/case.aggregate.js';
import { caseToIcs, icsEventCount } from './case-calendar.ics.js';
import { caseToMermaidGantt, ganttBarCount } from './case-gantt.mermaid.js';

/** Text a user may type in one line: dates, colons and quotes included. */
const line = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constant('Audit 2026-01-05, 2026-01-09'), fc.constant('QA: full'))
  .filter((text) => !/[\r\n]/.test(text) && text.trim() !== '');

const caseOf = (title: string, names: string[]): CaseSnapshot => ({
  id: '00000000-0000-4000-8000-000000000001',
  version: 3,
  title,
  templateId: '00000000-0000-4000-8000-000000000002',
  templateVersion: 1,
  calendarId: '00000000-0000-4000-8000-000000000003',
  goalDate: '2027-03-01' as CalendarDate,
  status: 'active' as CaseSnapshot['status'],
  steps: names.map(
    (name, i): StepInstance => ({
      key: `s${i}`,
      name,
      durationDays: 1,
      dependsOn: [],
      lagDays: 0,
      start: '2027-02-26' as CalendarDate,
      due: '2027-03-01' as CalendarDate,
      status: 'todo',
      assigneeId: null,
      pinned: false,
    }),
  ),
  createdBy: null,
  createdAt: new Date('2027-01-01T00:00:00Z'),
  updatedAt: new Date('2027-01-01T00:00:00Z'),
});

describe('case exports count their rows (one a step), for the unusual-data-access watch', () => {
  it('an iCalendar file its events, a gantt chart its bars, whatever the names', () => {
    fc.assert(
      fc.property(line, fc.array(line, { minLength: 1, maxLength: 12 }), (title, names) => {
        const c = caseOf(title, names);
        expect(icsEventCount(caseToIcs(c))).toBe(names.length);
        expect(ganttBarCount(caseToMermaidGantt(c, ['s0']))).toBe(names.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the gantt chart', () => {
  it("excludes the calendar's days off and holidays, and ends the goal with its day", () => {
    const c = caseOf('Close', ['Reconcile']);
    const chart = caseToMermaidGantt(c, [], { weekdays: [6, 7], holidays: ['2027-02-11' as CalendarDate] });
    expect(chart).toContain('\n  excludes weekends, 2027-02-11\n');
    expect(chart).toContain('\n  Goal 2027-03-01 :milestone, goal, 2027-03-02, 0d\n');
    // The last bar ends where the milestone stands: the end of the goal day.
    expect(chart).toContain('Reconcile :s0, 2027-02-26, 2027-03-02\n');
    // A week off on Friday and Saturday: named days, no "weekends".
    expect(caseToMermaidGantt(c, [], { weekdays: [5, 6], holidays: [] })).toContain('\n  excludes friday, saturday\n');
    expect(caseToMermaidGantt(c, [], { weekdays: [5, 6, 7], holidays: [] })).toContain('\n  excludes weekends, friday\n');
    expect(caseToMermaidGantt(c)).not.toContain('excludes');
  });
});
