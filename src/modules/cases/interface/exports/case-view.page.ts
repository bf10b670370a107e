import type { CalendarDate } from '../../../../shared/domain/calendar-date.js';
import { escapeHtml, htmlPage } from '../../../../shared/interface/html-page.js';
import type { CaseSnapshot } from '../../domain/case.aggregate.js';

/** How each status is drawn: Mermaid's tags (case-gantt.mermaid.ts) in its default theme's colours. */
const LEGEND = [
  ['done (or skipped)', '#d3d3d3'],
  ['in progress', '#8a90dd'],
  ['to do', '#8a90dd80'],
  ['blocked, or on the critical path', '#ff8888'],
] as const;

/** What a person should look at first: steps late or blocked, and steps due before they can start. */
export function caseWarnings(c: CaseSnapshot, today: CalendarDate): string[] {
  const warnings: string[] = [];
  for (const step of c.steps) {
    const open = step.status !== 'done' && step.status !== 'skipped';
    if (open && step.due < today) warnings.push(`${step.name} is overdue: due ${step.due}, still ${step.status.replace('_', ' ')}.`);
    else if (step.status === 'blocked') warnings.push(`${step.name} is blocked (due ${step.due}).`);
    if (step.due > c.goalDate) warnings.push(`${step.name} is due ${step.due}, after the goal ${c.goalDate}.`);
  }
  return warnings;
}

/**
 * GET /cases/:id/view: the plan drawn as a Gantt chart by mermaid in the browser (served by
 * the app, /assets/mermaid.min.js), from the same Mermaid text as GET /cases/:id/gantt; the
 * critical path and the goal marked, steps coloured by status, the warnings listed, and
 * every step in a table.
 */
export function caseViewPage(c: CaseSnapshot, gantt: string, criticalPath: readonly string[], today: CalendarDate): string {
  const names = new Map(c.steps.map((step) => [step.key, step.name]));
  const warnings = caseWarnings(c, today);
  const rows = c.steps
    .map(
      (step) =>
        `<tr><td>${escapeHtml(step.key)}</td><td>${escapeHtml(step.name)}</td><td>${escapeHtml(step.status.replace('_', ' '))}</td>` +
        `<td>${step.start}</td><td>${step.due}</td><td>${criticalPath.includes(step.key) ? 'yes' : ''}</td></tr>`,
    )
    .join('\n');
  return htmlPage({
    title: c.title,
    body: `<div class="card">
<h1>${escapeHtml(c.title)}</h1>
<p>Status <strong>${escapeHtml(c.status.replace('_', ' '))}</strong> · goal <strong>${c.goalDate}</strong> · ${c.steps.length} steps · template version ${c.templateVersion} · as of ${today}</p>
<p class="legend">${LEGEND.map(([text, colour]) => `<span><span class="swatch" style="background:${colour}"></span>${escapeHtml(text)}</span>`).join('')}<span>◆ the goal</span></p>
</div>
<div class="card"><pre class="mermaid" id="gantt">${escapeHtml(gantt)}</pre></div>
<div class="card"><h2>Critical path</h2><p id="critical-path">${
      criticalPath.length > 0 ? criticalPath.map((key) => escapeHtml(names.get(key) ?? key)).join(' → ') : 'none: every step has slack'
    }</p></div>
<div class="card"><h2>Warnings</h2>${
      warnings.length > 0 ? `<ul id="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '<p id="warnings">None.</p>'
    }</div>
<div class="card"><h2>Steps</h2><table id="steps"><thead><tr><th>key</th><th>step</th><th>status</th><th>start</th><th>due</th><th>critical</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`,
    scripts: ['/assets/mermaid.min.js', '/assets/mermaid-init.js'],
  });
}
