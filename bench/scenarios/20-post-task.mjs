/** @type {import('./index.mjs').Scenario} */
export default {
  name: 'POST /tasks',
  method: 'POST',
  path: '/tasks',
  body: {
    title: 'Benchmark task',
    description: 'Created by bench/run.mjs',
    priority: 'high',
    dueDate: '2026-12-31',
    assigneeId: '5b0c2f7e-3c1a-4d5e-9f60-7a8b9c0d1e2f',
    tags: ['bench', 'Load'],
  },
  expectStatus: 201,
  volatile: ['id', 'createdAt', 'updatedAt'],
  targets: { minRatio: 0.5, maxP99Ms: 100 },
};
