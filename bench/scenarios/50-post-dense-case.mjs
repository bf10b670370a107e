import { ensureCase, postJson } from './helpers.mjs';

/** The template caps (src/modules/process-templates/domain: STEPS_MAX, DEPENDENCIES_MAX, DURATION_DAYS_MAX, LAG_DAYS_MAX). */
const STEPS = 200;
const DEPENDENCIES = 2000;
const DAYS_MAX = 365;

/**
 * The densest template the caps allow with every duration and lag at its maximum (as in
 * test/scheduler-load.e2e-spec.ts): three layers of steps, each step depending on steps of
 * the layer before, 2,000 dependencies in all. Its plan reaches about seven years back.
 */
function denseSteps() {
  const layerSize = Math.ceil(STEPS / 3);
  const dependents = STEPS - layerSize;
  const perStep = Math.floor(DEPENDENCIES / dependents);
  const extra = DEPENDENCIES % dependents;
  const key = (i) => `step-${i}`;
  return Array.from({ length: STEPS }, (_, i) => {
    const layer = Math.floor(i / layerSize);
    const count = layer === 0 ? 0 : perStep + (i - layerSize < extra ? 1 : 0);
    const first = (layer - 1) * layerSize;
    return {
      key: key(i),
      name: `Step ${i}`,
      durationDays: DAYS_MAX,
      lagDays: DAYS_MAX,
      dependsOn: Array.from({ length: count }, (_, j) => key(first + ((i + j) % layerSize))),
    };
  });
}

/**
 * Starts a case from the dense template over the bench calendar: the heaviest plan the API
 * accepts (2,000 dependencies, a year per step and per lag). The raw server does not
 * implement it: absolute targets. Each request inserts 200 step rows and answers them with
 * their dependencies, so it costs several times the 10-step case however fast the plan
 * (a few ms of CPU); with 50 connections in a closed loop its p99 is mostly queueing. The
 * targets are a tenth of the 10-step case's req/s and fifteen times its p99: a planner
 * that walked the calendar day by day again (about 35 ms of CPU per request) misses both.
 * @type {import('./index.mjs').Scenario}
 */
export default {
  name: 'POST /cases (dense, 200 steps, 2000 dependencies)',
  method: 'POST',
  path: '/cases',
  apiOnly: true,
  setup: async (ctx) => {
    await ensureCase(ctx);
    if (ctx.denseTemplateId) return;
    const template = await postJson(ctx.seedUrl, '/process-templates', { name: 'Bench dense process', steps: denseSteps() });
    ctx.denseTemplateId = template.id;
  },
  body: (ctx) => ({ templateId: ctx.denseTemplateId, calendarId: ctx.calendarId, title: 'Bench dense case', goalDate: '2027-02-26' }),
  expectStatus: 201,
  volatile: ['id', 'createdAt', 'updatedAt'],
  targets: { minReqPerSec: 100, maxP99Ms: 1500 },
};
