import { ensureCase } from './helpers.mjs';

/**
 * Replans one case (created by ensureCase) to a new goal: load, plan, diff; writes nothing.
 * @type {import('./index.mjs').Scenario}
 */
export default {
  name: 'POST /cases/:id/replan/preview',
  method: 'POST',
  path: (ctx) => `/cases/${ctx.caseId}/replan/preview`,
  apiOnly: true,
  setup: ensureCase,
  body: { goalDate: '2027-03-31' },
  expectStatus: 200,
  targets: { maxP99Ms: 100 },
};
