import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ MAX_EVENT_LOOP_DELAY_MS: '100' });
});
afterAll(async () => {
  await t?.close();
});

/** Keeps this process's event loop (the app's) busy in 300 ms stretches, as a CPU-bound overload would. */
function stall(ms = 300): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('event-loop pressure (@fastify/under-pressure, SPEC-RES-4)', () => {
  it('while the event loop lags, refuses the API with 503 problems and Retry-After, not the probes, then recovers', async () => {
    expect((await t.request('GET', '/tasks')).status).toBe(200);
    // The sampler reads the mean lag once a second: stall until it has seen it.
    let refused;
    for (let i = 0; i < 20 && !refused; i++) {
      stall();
      const answer = await t.request('GET', '/tasks');
      if (answer.status === 503) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused, 'no refusal while the loop lagged').toBeDefined();
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused!.headers.get('retry-after')).toBe('5');
    expect(refused!.body).toMatchObject({ type: 'urn:process-todo:problem:server-under-pressure', status: 503 });
    // Under the same pressure the probes and the scrape answer.
    expect((await t.request('GET', '/health/live', { anonymous: true })).status).toBe(200);
    expect((await t.request('GET', '/metrics', { anonymous: true })).status).toBe(200);

    // Once the loop is free again, the next samples let the API through.
    await sleep(2_500);
    expect((await t.request('GET', '/tasks')).status).toBe(200);
  });
});
