import { BENCH_ASSIGNEE_ID } from '../lib/database.mjs';

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
    assigneeId: BENCH_ASSIGNEE_ID,
    tags: ['bench', 'Load'],
  },
  expectStatus: 201,
  volatile: ['id', 'createdAt', 'updatedAt'],
  targets: { minRatio: 0.5, maxP99Ms: 100 },
};
