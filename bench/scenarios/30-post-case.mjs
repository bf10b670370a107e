import { caseBody, ensureCase } from './helpers.mjs';

/**
 * Starts a case from a 10-step template with two joining branches and lags, over a
 * calendar with holidays. The raw server does not implement it: absolute targets.
 * @type {import('./index.mjs').Scenario}
 */
export default {
  name: 'POST /cases (10 steps)',
  method: 'POST',
  path: '/cases',
  apiOnly: true,
  setup: ensureCase,
  body: (ctx) => caseBody(ctx),
  expectStatus: 201,
  volatile: ['id', 'createdAt', 'updatedAt'],
  targets: { minReqPerSec: 1000, maxP99Ms: 100 },
};
