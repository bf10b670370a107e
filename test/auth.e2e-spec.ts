import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'a-test-secret-of-more-than-32-characters!';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ JWT_SECRET: SECRET, LOCKOUT_MINUTES: '15' });
});
afterAll(async () => {
  await t?.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT signed with `secret` (HS256), or unsigned when `alg` is `none`. */
function forge(claims: Record<string, unknown>, { secret = SECRET, alg = 'HS256' } = {}): string {
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: randomUUID(),
  role: 'admin',
  iss: 'process-todo',
  aud: 'process-todo-api',
  iat: now(),
  exp: now() + 600,
  ...overrides,
});

async function newUser(role: string, password = 'a long enough password') {
  const email = `${role}-${randomUUID()}@example.com`;
  const created = await t.request('POST', '/users', { body: { email, name: `A ${role}`, password, role } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, email, password };
}

describe('sign-in', () => {
  it('answers a token pair that opens every route, and the signed-in user at /me', async () => {
    const pair = await t.request('POST', '/auth/login', { anonymous: true, body: TEST_ADMIN });
    expect(pair.status).toBe(200);
    expect(pair.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String), refreshToken: expect.any(String) });
    const me = await t.request('GET', '/me', { token: pair.body.accessToken });
    expect(me.body).toMatchObject({ email: TEST_ADMIN.email, role: 'admin', active: true });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('answers every refusal with the same 401, whether the account exists or not (no enumeration)', async () => {
    const user = await newUser('member');
    const unknown = await t.request('POST', '/auth/login', { anonymous: true, body: { email: 'nobody@example.com', password: 'whatever it is' } });
    const wrong = await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: 'not the password' } });
    for (const response of [unknown, wrong]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const metrics = String((await t.request('GET', '/metrics', { anonymous: true })).body);
    const failed = Number(/^security_events_total\{event="login_failed"\} (\d+)/m.exec(metrics)?.[1]);
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^security_events_total\{event="account_locked"\} \d+/m);
    const { traceId: _a, instance: _b, ...first } = unknown.body;
    const { traceId: _c, instance: _d, ...second } = wrong.body;
    expect(first).toEqual(second);
  });

  it('locks an account after 5 failures in a row: even the right password is refused then', async () => {
    const user = await newUser('member');
    for (let i = 0; i < 5; i++) {
      const failed = await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: `wrong ${i} password` } });
      expect(failed.status).toBe(401);
    }
    const locked = await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: user.password } });
    expect(locked.status).toBe(401);
    expect(locked.body.type).toBe('urn:process-todo:problem:invalid-credentials');
  });

  it('signs a user in by a case-insensitive e-mail address', async () => {
    const user = await newUser('viewer');
    const signedIn = await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email.toUpperCase(), password: user.password } });
    expect(signedIn.status).toBe(200);
  });
});

describe('access tokens', () => {
  it.each([
    ['no token', undefined],
    ['a malformed header', 'Token abc'],
    ['a token that is no JWT', 'Bearer not.a.jwt'],
    ['an expired token', `Bearer ${forge(claims({ exp: now() - 10 }))}`],
    ['a token signed with another key', `Bearer ${forge(claims(), { secret: 'another secret of more than 32 characters' })}`],
    ['an unsigned token (alg none)', `Bearer ${forge(claims(), { alg: 'none' })}`],
    ['a token for another audience', `Bearer ${forge(claims({ aud: 'someone-else' }))}`],
    ['a token of another issuer', `Bearer ${forge(claims({ iss: 'someone-else' }))}`],
    ['a token with an unknown role', `Bearer ${forge(claims({ role: 'root' }))}`],
  ])('refuses %s with a 401 problem and a Bearer challenge', async (_name, authorization) => {
    const response = await t.request('GET', '/tasks', {
      anonymous: true,
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="process-todo", error="invalid_token"');
    expect(response.body).toMatchObject({ type: 'urn:process-todo:problem:invalid-access-token', status: 401 });
  });

  it('accepts a token signed with JWT_SECRET, without reading the database', async () => {
    const response = await t.request('GET', '/tasks', { token: forge(claims({ role: 'viewer' })) });
    expect(response.status).toBe(200);
  });

  it('leaves probes, metrics, the API document and sign-in open', async () => {
    for (const path of ['/health', '/health/live', '/health/ready', '/metrics', '/docs/openapi.json']) {
      expect((await t.request('GET', path, { anonymous: true })).status, path).toBe(200);
    }
  });
});

describe('refresh tokens', () => {
  it('rotate: each works once, and a reused one ends its whole session family', async () => {
    const user = await newUser('member');
    const first = (await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: user.password } })).body;
    const second = await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const reused = await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: first.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.type).toBe('urn:process-todo:problem:invalid-refresh-token');
    // The thief's use revoked the family: the rightful newest token is dead too.
    const after = await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: second.body.refreshToken } });
    expect(after.status).toBe(401);
  });

  it('end with logout, and at deactivation; a role change shows in the next access token', async () => {
    const user = await newUser('member');
    const pair = (await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: user.password } })).body;
    expect((await t.request('POST', '/auth/logout', { anonymous: true, body: { refreshToken: pair.refreshToken } })).status).toBe(204);
    expect((await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: pair.refreshToken } })).status).toBe(401);

    const again = (await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: user.password } })).body;
    const promoted = await t.request('PATCH', `/users/${user.id}`, { body: { role: 'manager' } });
    expect(promoted.body.role).toBe('manager');
    const renewed = (await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: again.refreshToken } })).body;
    const role = JSON.parse(Buffer.from(renewed.accessToken.split('.')[1], 'base64url').toString()).role;
    expect(role).toBe('manager');

    expect((await t.request('PATCH', `/users/${user.id}`, { body: { active: false } })).status).toBe(200);
    expect((await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: renewed.refreshToken } })).status).toBe(401);
    expect((await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: user.password } })).status).toBe(401);
  });
});

describe('users and me', () => {
  it('lets only admins manage users', async () => {
    const member = await newUser('member');
    const token = (await t.signIn(member.email, member.password)).accessToken;
    const denied = await t.request('GET', '/users', { token });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('urn:process-todo:problem:access-denied');
    expect((await t.request('POST', '/users', { token, body: { email: 'x@example.com', name: 'X', password: 'long enough pass', role: 'admin' } })).status).toBe(403);
  });

  it('refuses a taken e-mail address (any case), a short password and an unknown role', async () => {
    const user = await newUser('viewer');
    const taken = await t.request('POST', '/users', { body: { email: user.email.toUpperCase(), name: 'Twin', password: 'long enough pass', role: 'viewer' } });
    expect(taken.status).toBe(409);
    const short = await t.request('POST', '/users', { body: { email: 'short@example.com', name: 'S', password: 'short', role: 'viewer' } });
    expect(short.status).toBe(400);
    const role = await t.request('POST', '/users', { body: { email: 'r@example.com', name: 'R', password: 'long enough pass', role: 'root' } });
    expect(role.status).toBe(400);
  });

  it('lists users by e-mail address with the shared paginator and filters', async () => {
    await newUser('viewer');
    const page = await t.request('GET', '/users?role=viewer&limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].role).toBe('viewer');
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('changes a password given the current one, ending every session', async () => {
    const user = await newUser('member');
    const pair = await t.signIn(user.email, user.password);
    const wrong = await t.request('PATCH', '/me/password', { token: pair.accessToken, body: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
    expect(wrong.status).toBe(422);
    const changed = await t.request('PATCH', '/me/password', { token: pair.accessToken, body: { currentPassword: user.password, newPassword: 'a brand new password' } });
    expect(changed.status).toBe(204);
    expect((await t.request('POST', '/auth/refresh', { anonymous: true, body: { refreshToken: pair.refreshToken } })).status).toBe(401);
    expect((await t.request('POST', '/auth/login', { anonymous: true, body: { email: user.email, password: 'a brand new password' } })).status).toBe(200);
    const renamed = await t.request('PATCH', '/me', { token: pair.accessToken, body: { name: 'Renamed' } });
    expect(renamed.body.name).toBe('Renamed');
  });
});

describe('the first admin on a bare machine', () => {
  it('is admin@localhost with a random password in DATA_DIR/initial-admin-password (0600), never logged', async () => {
    const lines: string[] = [];
    const bare = await startTestApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }, { logStream: { write: (line) => void lines.push(line) } });
    try {
      const me = await bare.request('GET', '/me');
      expect(me.body).toMatchObject({ email: 'admin@localhost', role: 'admin' });
      const file = lines.map((line) => JSON.parse(line)).find((line) => /initial-admin-password/.test(line.message));
      expect(file).toBeDefined();
      const path = /in (\S+initial-admin-password)/.exec(file.message)![1]!;
      const { stat, readFile } = await import('node:fs/promises');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const password = (await readFile(path, 'utf8')).trim();
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(lines.join('')).not.toContain(password);
    } finally {
      await bare.close();
    }
  });
});
