import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  // One sign-in (the test app's own) fits the login limit; a 3-token bucket refilling 1 per second.
  t = await startTestApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2', RATE_LIMIT_LOGIN_PER_MINUTE: '10' });
});
afterAll(async () => {
  await t?.close();
});

describe('rate limits (SPEC-RES-4)', () => {
  it('let a user through up to rate + burst, then answer 429 problems with Retry-After and RateLimit headers', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.request('GET', '/tasks')));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ type: 'urn:process-todo:problem:rate-limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-policy')).toBe('"requests";q=1;w=1, "burst";q=2;w=2');
    expect(limited.headers.get('ratelimit')).toMatch(/^"requests";r=0;t=\d+$/);
    const ok = responses.find((r) => r.status === 200)!;
    expect(ok.headers.get('ratelimit')).toMatch(/^"requests";r=\d+;t=\d+$/);
  });

  it('count per user: another user has a bucket of their own', async () => {
    // Let the admin's bucket refill enough for one request (1 per second).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const created = await t.request('POST', '/users', {
      body: { email: 'rate-other@example.com', name: 'Other', password: 'a long enough password', role: 'viewer' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await t.request('GET', '/tasks')).status).toBe(429);
    const other = await t.signIn('rate-other@example.com', 'a long enough password');
    expect((await t.request('GET', '/tasks', { token: other.accessToken })).status).toBe(200);
  });

  it('limit sign-ins per account and per ip, whatever the password', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 12 && !limited; i++) {
      const attempt = await t.request('POST', '/auth/login', { anonymous: true, body: { email: 'nobody@example.com', password: `guess number ${i}` } });
      statuses.push(attempt.status);
      if (attempt.status === 429) limited = attempt;
    }
    // Refusals until the ip's ten sign-ins a minute are used (the test app's own ones count too), then 429.
    expect(limited, JSON.stringify(statuses)).toBeDefined();
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(limited!.headers.get('ratelimit-policy')).toBe('"sign-in";q=10;w=60');
    expect(limited!.body.type).toBe('urn:process-todo:problem:rate-limited');
  });

  it('never limit the probes', async () => {
    const probes = await Promise.all(Array.from({ length: 10 }, () => t.request('GET', '/health/live', { anonymous: true })));
    expect(probes.every((p) => p.status === 200)).toBe(true);
  });
});
