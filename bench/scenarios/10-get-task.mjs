/** @type {import('./index.mjs').Scenario} */
export default {
  name: 'GET /tasks/:id',
  method: 'GET',
  path: (ctx) => `/tasks/${ctx.taskIds[Math.floor(Math.random() * ctx.taskIds.length)]}`,
  expectStatus: 200,
  targets: { minRatio: 0.6, maxP99Ms: 25 },
};
