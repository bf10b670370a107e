/**
 * Helpers shared by the scenario files.
 */
import { BenchError } from '../lib/errors.mjs';
import { authHeaders } from '../lib/auth.mjs';

/**
 * @typedef {import('./index.mjs').Context} Context
 */

/**
 * POSTs a JSON body during a scenario's setup and returns the parsed answer; any non-2xx
 * answer fails the run.
 * @param {string} baseUrl
 * @param {string} path
 * @param {unknown} body
 */
export async function postJson(baseUrl, path, body) {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new BenchError(`setup: POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** A 10-step process: two parallel branches that join, with lags. */
export function tenSteps() {
  return [
    { key: 'kickoff', name: 'Kick-off', durationDays: 1 },
    { key: 'collect', name: 'Collect documents', durationDays: 5, dependsOn: ['kickoff'] },
    { key: 'contract', name: 'Draft contract', durationDays: 3, dependsOn: ['kickoff'] },
    { key: 'legal', name: 'Legal review', durationDays: 4, dependsOn: ['contract'], lagDays: 1 },
    { key: 'accounts', name: 'Open accounts', durationDays: 2, dependsOn: ['collect'] },
    { key: 'equipment', name: 'Order equipment', durationDays: 5, dependsOn: ['collect'], lagDays: 2 },
    { key: 'sign', name: 'Sign contract', durationDays: 1, dependsOn: ['legal', 'accounts'] },
    { key: 'training', name: 'Training', durationDays: 3, dependsOn: ['sign'] },
    { key: 'setup', name: 'Workplace set-up', durationDays: 2, dependsOn: ['equipment', 'sign'] },
    { key: 'go-live', name: 'Go live', durationDays: 1, dependsOn: ['training', 'setup'] },
  ];
}

/**
 * The body that starts a case from the bench's template and calendar.
 * @param {Context} ctx
 */
export function caseBody(ctx) {
  return { templateId: ctx.templateId, calendarId: ctx.calendarId, title: 'Bench case', goalDate: '2027-02-26' };
}

/**
 * Creates, once per run, what the case scenarios need: a calendar with holidays, a
 * 10-step template (tenSteps) and one case started from them, kept in ctx.calendarId,
 * ctx.templateId and ctx.caseId. Every case scenario calls it from its setup, so that each
 * also runs alone (BENCH_SCENARIOS=replan).
 * @param {Context} ctx
 */
export async function ensureCase(ctx) {
  if (ctx.caseId) return;
  const calendar = await postJson(ctx.seedUrl, '/calendars', {
    code: `bench-${Date.now()}`,
    name: 'Bench calendar',
    holidays: [{ date: '2026-12-24' }, { date: '2026-12-25' }, { date: '2026-12-31' }, { date: '2027-01-01' }],
  });
  const template = await postJson(ctx.seedUrl, '/process-templates', { name: 'Bench process', steps: tenSteps() });
  ctx.calendarId = calendar.id;
  ctx.templateId = template.id;
  const created = await postJson(ctx.seedUrl, '/cases', caseBody(ctx));
  ctx.caseId = created.id;
}
