import { addDays } from '../../../../shared/domain/calendar-date.js';
import type { CaseSnapshot } from '../../domain/case.aggregate.js';

const MERMAID_TAG = { done: 'done', in_progress: 'active', blocked: 'crit', todo: '', skipped: 'done' } as const;

/** Mermaid forbids `:` and `#` in task names and `;` ends a statement. */
const label = (text: string) => text.replace(/[:#;]/g, ' ').trim();

/**
 * The plan as a Mermaid `gantt` chart: one bar per step from its start to its due date
 * (inclusive), the goal as a milestone. Paste it in any Mermaid renderer.
 */
export function caseToMermaidGantt(c: CaseSnapshot, criticalPath: readonly string[] = []): string {
  const critical = new Set(criticalPath);
  const lines = [
    'gantt',
    `  title ${label(c.title)}`,
    '  dateFormat YYYY-MM-DD',
    '  axisFormat %Y-%m-%d',
    '  section Steps',
  ];
  for (const step of c.steps) {
    const tags = [MERMAID_TAG[step.status], critical.has(step.key) ? 'crit' : '']
      .filter((tag, i, all) => tag && all.indexOf(tag) === i);
    // Mermaid's end date is exclusive.
    lines.push(`  ${label(step.name)} :${[...tags, step.key].join(', ')}, ${step.start}, ${addDays(step.due, 1)}`);
  }
  lines.push('  section Goal', `  Goal :milestone, goal, ${c.goalDate}, 0d`);
  return `${lines.join('\n')}\n`;
}

/** The bars of a chart caseToMermaidGantt drew, one per step (a start and an end date; the goal has neither). */
export const ganttBarCount = (chart: string): number =>
  chart.match(/^ {2}[^:\n]* :[^\n]*, \d{4}-\d{2}-\d{2}, \d{4}-\d{2}-\d{2}$/gm)?.length ?? 0;
