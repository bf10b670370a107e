import { type CalendarDate, type IsoWeekday, addDays } from '../../../../shared/domain/calendar-date.js';
import type { CaseSnapshot } from '../../domain/case.aggregate.js';

const MERMAID_TAG = { done: 'done', in_progress: 'active', blocked: 'crit', todo: '', skipped: 'done' } as const;

/** Mermaid forbids `:` and `#` in task names and `;` ends a statement. */
const label = (text: string) => text.replace(/[:#;]/g, ' ').trim();

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Mermaid's `excludes`: `weekends` for Saturday and Sunday, weekday names for any other days off, then the holidays. */
function excludesOf({ weekdays, holidays }: { weekdays: readonly IsoWeekday[]; holidays: readonly CalendarDate[] }): string[] {
  const off = new Set(weekdays);
  const weekend = off.has(6) && off.has(7);
  const days = [...off].filter((day) => !(weekend && day >= 6)).sort().map((day) => WEEKDAY_NAMES[day - 1]!);
  return [...(weekend ? ['weekends'] : []), ...days, ...holidays];
}

/**
 * The plan as a Mermaid `gantt` chart: one bar per step from its start to its due date
 * (inclusive), the calendar's days off and holidays excluded (drawn as such, not as working
 * time), the goal as a milestone at the end of its day (where the last bar ends). Paste it in
 * any Mermaid renderer.
 */
export function caseToMermaidGantt(
  c: CaseSnapshot,
  criticalPath: readonly string[] = [],
  daysOff: { weekdays: readonly IsoWeekday[]; holidays: readonly CalendarDate[] } = { weekdays: [], holidays: [] },
): string {
  const critical = new Set(criticalPath);
  const excludes = excludesOf(daysOff);
  const lines = [
    'gantt',
    `  title ${label(c.title)}`,
    '  dateFormat YYYY-MM-DD',
    '  axisFormat %Y-%m-%d',
    ...(excludes.length > 0 ? [`  excludes ${excludes.join(', ')}`] : []),
    '  section Steps',
  ];
  for (const step of c.steps) {
    const tags = [MERMAID_TAG[step.status], critical.has(step.key) ? 'crit' : '']
      .filter((tag, i, all) => tag && all.indexOf(tag) === i);
    // Mermaid's end date is exclusive.
    lines.push(`  ${label(step.name)} :${[...tags, step.key].join(', ')}, ${step.start}, ${addDays(step.due, 1)}`);
  }
  // The end of the goal day: where a step due on it ends (Mermaid's ends are exclusive).
  lines.push('  section Goal', `  Goal ${c.goalDate} :milestone, goal, ${addDays(c.goalDate, 1)}, 0d`);
  return `${lines.join('\n')}\n`;
}

/** The bars of a chart caseToMermaidGantt drew, one per step (a start and an end date; the goal has neither). */
export const ganttBarCount = (chart: string): number =>
  chart.match(/^ {2}[^:\n]* :[^\n]*, \d{4}-\d{2}-\d{2}, \d{4}-\d{2}-\d{2}$/gm)?.length ?? 0;
