import type { CaseSnapshot } from '../domain/case.aggregate.js';

/**
 * A case as its audit entries compare it: the case's own fields, and each step as one
 * field `steps.<key>`, so that an entry names exactly the steps a change touched.
 *
 * @example
 * auditChanges(caseAuditView(before), caseAuditView(after)) // { 'steps.review': { before: {…}, after: {…} } }
 */
export function caseAuditView(snapshot: CaseSnapshot): Record<string, unknown> {
  const { steps, ...fields } = snapshot;
  return { ...fields, ...Object.fromEntries(steps.map((step) => [`steps.${step.key}`, step])) };
}
