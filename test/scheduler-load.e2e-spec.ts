import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_SPAN_MAX_DAYS } from '../src/modules/cases/domain/backward-scheduler.js';
import {
  CHAIN_WORKING_DAYS_MAX,
  DEPENDENCIES_MAX,
  STEPS_MAX,
} from '../src/modules/process-templates/domain/step-graph.js';
import {
  TEMPLATE_DESCRIPTION_MAX,
  TEMPLATE_NAME_MAX,
} from '../src/modules/process-templates/domain/template-definition.js';
import {
  DURATION_DAYS_MAX,
  LAG_DAYS_MAX,
  STEP_NAME_MAX,
} from '../src/modules/process-templates/domain/template-step.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The heaviest plans the API accepts, under load, and the caps that bound them. No
 * timing is asserted: only what a client and an orchestrator see (status codes).
 */

let t: TestApp;
let calendarId: string;

beforeAll(async () => {
  // The default settings: BODY_LIMIT_BYTES and HEALTH_EVENT_LOOP_DELAY_MS as in production.
  t = await startTestApp();
  const calendar = await t.request('POST', '/calendars', {
    body: {
      code: `LOAD-${randomUUID().slice(0, 6)}`,
      name: 'Monday to Friday, with holidays',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: Array.from({ length: 12 }, (_, i) => 2019 + i).flatMap((year) =>
        ['01-01', '12-24', '12-25', '12-31'].map((day) => ({ date: `${year}-${day}` })),
      ),
    },
  });
  expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
  calendarId = calendar.body.id;
});
afterAll(async () => {
  await t?.close();
});

interface StepBody {
  key: string;
  name: string;
  durationDays: number;
  lagDays: number;
  dependsOn: string[];
  defaultAssigneeId?: string;
}

/**
 * The densest template the caps allow with every duration and lag at its maximum:
 * STEPS_MAX steps in three layers, each step of a layer depending on steps of the layer
 * before, DEPENDENCIES_MAX dependencies in all. Its longest chain (three steps, two lags:
 * 1,825 working days) is within CHAIN_WORKING_DAYS_MAX and, on Monday to Friday, within
 * the ten years a plan may span; a fourth layer would not be.
 */
function denseSteps(key: (i: number) => string = (i) => `step-${i}`, name: (i: number) => string = (i) => `Step ${i}`): StepBody[] {
  const layerSize = Math.ceil(STEPS_MAX / 3);
  const dependents = STEPS_MAX - layerSize;
  const perStep = Math.floor(DEPENDENCIES_MAX / dependents);
  const extra = DEPENDENCIES_MAX % dependents;
  if (perStep + 1 > layerSize) throw new Error('the cap allows more dependencies than three layers hold');
  return Array.from({ length: STEPS_MAX }, (_, i) => {
    const layer = Math.floor(i / layerSize);
    const count = layer === 0 ? 0 : perStep + (i - layerSize < extra ? 1 : 0);
    const first = (layer - 1) * layerSize;
    return {
      key: key(i),
      name: name(i),
      durationDays: DURATION_DAYS_MAX,
      lagDays: LAG_DAYS_MAX,
      // Spread over the layer before, so that every step there has dependents.
      dependsOn: Array.from({ length: count }, (_, j) => key(first + ((i + j) % layerSize))),
    };
  });
}

const edgesOf = (steps: readonly StepBody[]) => steps.reduce((sum, step) => sum + step.dependsOn.length, 0);

/**
 * Runs `work` while probing GET /health/live every ~50 ms, and a few times after it: a loop
 * stuck during the work shows in the probes answered after it (the check looks back 5-10 s).
 */
async function probingLiveness<T>(work: () => Promise<T>): Promise<{ result: T; probes: number[] }> {
  const probes: number[] = [];
  let stop = false;
  const poller = (async () => {
    while (!stop) {
      probes.push((await t.request('GET', '/health/live')).status);
      await sleep(50);
    }
  })();
  try {
    await sleep(10); // the first probe is on its way before the work starts
    const result = await work();
    const answered = probes.length;
    while (probes.length < answered + 3) await sleep(20);
    return { result, probes };
  } finally {
    stop = true;
    await poller;
  }
}

describe('the densest template, three at a time', () => {
  let templateId: string;
  const goalDate = '2027-02-26';

  beforeAll(async () => {
    const steps = denseSteps();
    expect(edgesOf(steps)).toBe(DEPENDENCIES_MAX);
    const template = await t.request('POST', '/process-templates', { body: { name: 'Dense', steps } });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    templateId = template.body.id;
  });

  it('starts three cases of it at once, then previews three replans at once, and /health/live answers 200 throughout', async () => {
    const { result: created, probes } = await probingLiveness(() =>
      Promise.all(
        [1, 2, 3].map((n) =>
          t.request('POST', '/cases', { body: { templateId, calendarId, title: `Dense ${n}`, goalDate } }),
        ),
      ),
    );
    expect(created.map((r) => r.status), JSON.stringify(created.map((r) => r.body.detail))).toEqual([201, 201, 201]);
    for (const response of created) {
      expect(response.body.steps).toHaveLength(STEPS_MAX);
      // Every step planned, none broken: the plan is really the dense one.
      expect(response.body.warnings.filter((w: { code: string }) => w.code !== 'STARTS_BEFORE_TODAY')).toEqual([]);
    }
    expect(probes.length).toBeGreaterThanOrEqual(3);
    expect(probes).toEqual(probes.map(() => 200));

    const { result: previews, probes: more } = await probingLiveness(() =>
      Promise.all(
        created.map((response) =>
          t.request('POST', `/cases/${response.body.id}/replan/preview`, { body: { goalDate: '2027-06-30' } }),
        ),
      ),
    );
    expect(previews.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(previews[0]!.body.changedSteps).toHaveLength(STEPS_MAX);
    expect(more.length).toBeGreaterThanOrEqual(3);
    expect(more).toEqual(more.map(() => 200));
  });
});

describe('the caps, over HTTP', () => {
  const chain = (length: number) =>
    Array.from({ length }, (_, i) => ({
      key: `s${i}`,
      name: `Step ${i}`,
      durationDays: DURATION_DAYS_MAX,
      lagDays: LAG_DAYS_MAX,
      dependsOn: i ? [`s${i - 1}`] : [],
    }));

  it('refuses the template of the issue (each of 200 steps on all earlier ones) with 422, naming the dependency cap', async () => {
    const steps = Array.from({ length: STEPS_MAX }, (_, i) => ({
      key: `s${i}`,
      name: `Step ${i}`,
      durationDays: DURATION_DAYS_MAX,
      lagDays: LAG_DAYS_MAX,
      dependsOn: Array.from({ length: i }, (_, j) => `s${j}`),
    }));
    const response = await t.request('POST', '/process-templates', { body: { name: 'Issue', steps } });
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:template-dependency-count',
      errors: [{ field: 'steps.63.dependsOn', message: `takes the template past ${DEPENDENCIES_MAX} dependencies in all` }],
    });
    expect(response.body.detail).toContain(`at most ${DEPENDENCIES_MAX} dependencies`);
  });

  it('refuses a chain no calendar could plan with 422, naming its last step', async () => {
    // Six steps of a year with a year between each: 4,015 working days.
    const response = await t.request('POST', '/process-templates', { body: { name: 'Too long', steps: chain(6) } });
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body).toMatchObject({
      type: 'urn:process-todo:problem:template-chain-too-long',
      errors: [{ field: 'steps.5.dependsOn' }],
    });
    expect(response.body.detail).toContain(`at most ${CHAIN_WORKING_DAYS_MAX}`);
  });

  it('refuses with 422 a case whose plan would reach back more than ten years on its calendar', async () => {
    // Five steps of a year, a year apart: 3,285 working days fit every-day weeks, not Monday to Friday.
    const template = await t.request('POST', '/process-templates', { body: { name: 'Five years of work', steps: chain(5) } });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const body = { templateId: template.body.id, calendarId, title: 'Too far back', goalDate: '2030-06-28' };
    const refused = await t.request('POST', '/cases', { body });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body).toMatchObject({
      type: 'urn:process-todo:problem:case-plan-too-long',
      errors: [{ field: 'goalDate' }],
    });
    expect(refused.body.detail).toContain(`at most ${PLAN_SPAN_MAX_DAYS} days (10 years)`);

    const everyDay = await t.request('POST', '/calendars', {
      body: { code: `ALL-${randomUUID().slice(0, 6)}`, name: 'Every day', workingWeekdays: [1, 2, 3, 4, 5, 6, 7] },
    });
    const started = await t.request('POST', '/cases', { body: { ...body, calendarId: everyDay.body.id } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
  });
});

describe('the body limit', () => {
  /**
   * The largest body of a valid template as a JSON encoder writes it (compact): every
   * name and the description at their longest in a character JSON.stringify escapes to six
   * bytes (U+0001 is valid: not blank, kept by trim and by PostgreSQL), keys of 50
   * characters, durations and lags of three digits, a default assignee on every step and
   * DEPENDENCIES_MAX dependencies. (Any body can be made larger with whitespace or
   * needless escapes; an encoder does neither.)
   */
  function largestTemplateBody(assigneeId: string): string {
    const widest = (length: number) => '\u0001'.repeat(length);
    const key = (i: number) => `k${String(i).padStart(3, '0')}`.padEnd(50, '-');
    const steps = denseSteps(key, () => widest(STEP_NAME_MAX)).map((step) => ({
      ...step,
      defaultAssigneeId: assigneeId,
    }));
    return JSON.stringify({ name: widest(TEMPLATE_NAME_MAX), description: widest(TEMPLATE_DESCRIPTION_MAX), steps });
  }

  it('takes the largest valid template body on the default BODY_LIMIT_BYTES (not 413)', async () => {
    const body = largestTemplateBody((await t.newUser()).id);
    const bytes = Buffer.byteLength(body);
    // What the caps come to; the default limit is 1 MiB (1,048,576 bytes).
    expect(bytes).toBeGreaterThan(400_000);
    const response = await t.request('POST', '/process-templates', { rawBody: body, headers: { 'content-type': 'application/json' } });
    expect(response.status, `${bytes} bytes: ${JSON.stringify(response.body).slice(0, 500)}`).toBe(201);
    expect(response.body.steps).toHaveLength(STEPS_MAX);
    expect(edgesOf(response.body.steps)).toBe(DEPENDENCIES_MAX);
    const read = await t.request('GET', `/process-templates/${response.body.id}`);
    expect(read.body.name).toBe(JSON.parse(body).name);
  });
});
