/**
 * A page of 100 tasks: the largest answer a list gives, and the load under which the API's
 * memory is measured (the peak RSS column).
 * @type {import('./index.mjs').Scenario}
 */
export default {
  name: 'GET /tasks?limit=100',
  method: 'GET',
  path: '/tasks?limit=100',
  apiOnly: true,
  expectStatus: 200,
  targets: { maxP99Ms: 200 },
};
