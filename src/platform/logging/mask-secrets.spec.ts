import { describe, expect, it } from 'vitest';
import { MASK, errorFields, isSecretKey, maskSecrets, maskSecretsInText } from './mask-secrets.js';

describe('isSecretKey', () => {
  it.each([
    'password', 'newPassword', 'PASSWORD_HASH', 'passwd', 'token', 'accessToken', 'refresh_token',
    'authorization', 'Authorization', 'cookie', 'set-cookie', 'apiKey', 'api_key', 'x-api-key', 'X-API-Key',
    'secret', 'clientSecret', 'databaseUrl', 'DATABASE_URL', 'redisUrl', 'privateKey', 'credentials',
  ])('masks %s', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['Idempotency-Key', 'idempotencyKey', 'stepKey', 'key', 'title', 'userId', 'traceId', 'message', 'query'])(
    'keeps %s',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('maskSecrets', () => {
  it('masks secret keys at any depth, in objects and arrays, and keeps the rest', () => {
    const input = {
      user: 'ann',
      password: 'hunter2',
      headers: { Authorization: 'Bearer abc', 'Idempotency-Key': 'k-1', cookie: 'sid=1' },
      items: [{ deep: { deeper: [{ apiKey: 'key-1', api_key: 'key-2', name: 'x' }] } }],
      config: { databaseUrl: 'postgres://u:p@h/db', secret: { nested: 'whole object masked' } },
    };
    expect(maskSecrets(input)).toEqual({
      user: 'ann',
      password: MASK,
      headers: { Authorization: MASK, 'Idempotency-Key': 'k-1', cookie: MASK },
      items: [{ deep: { deeper: [{ apiKey: MASK, api_key: MASK, name: 'x' }] } }],
      config: { databaseUrl: MASK, secret: MASK },
    });
  });

  it('never changes its input, and copies only what it masks', () => {
    const input = { password: 'hunter2', nested: { token: 't' }, clean: { id: 'a', tags: ['x'] } };
    const masked = maskSecrets(input) as typeof input;
    expect(input).toEqual({ password: 'hunter2', nested: { token: 't' }, clean: { id: 'a', tags: ['x'] } });
    expect(masked.clean).toBe(input.clean);
    const clean = { a: [{ b: 'c' }], d: 1 };
    expect(maskSecrets(clean)).toBe(clean);
  });

  it('masks credentials written into strings', () => {
    expect(maskSecrets({ note: 'connect postgres://app:hunter2@db:5432/app failed' })).toEqual({
      note: `connect postgres://app:${MASK}@db:5432/app failed`,
    });
    expect(maskSecretsInText('Authorization: Bearer abc.def-ghi')).not.toMatch(/abc/);
    expect(maskSecretsInText('/tasks?api_key=k123&limit=5')).toBe(`/tasks?api_key=${MASK}&limit=5`);
    expect(maskSecretsInText('password=hunter2 user=ann')).toBe(`password=${MASK} user=ann`);
    expect(maskSecretsInText('{"token":"abc","title":"t"}')).toBe(`{"token":"${MASK}","title":"t"}`);
    expect(maskSecretsInText('task 42 does not exist')).toBe('task 42 does not exist');
  });

  it('keeps null, booleans, numbers and dates; drops functions', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');
    expect(maskSecrets({ a: null, b: true, c: 3, d: date, e: () => 1, password: null })).toEqual({
      a: null,
      b: true,
      c: 3,
      d: date,
      e: undefined,
      password: null,
    });
  });

  it('turns errors into masked fields, causes included', () => {
    const cause = Object.assign(new Error('auth failed for postgres://u:pw@h/db'), { code: '28P01' });
    const error = new Error('could not connect', { cause });
    const fields = maskSecrets({ error }) as { error: Record<string, any> };
    expect(fields.error).toMatchObject({
      name: 'Error',
      message: 'could not connect',
      cause: { message: `auth failed for postgres://u:${MASK}@h/db`, code: '28P01' },
    });
    expect(fields.error.stack).toContain('could not connect');
    expect(errorFields(new Error('x'), false)).toEqual({ name: 'Error', message: 'x' });
  });

  it('marks cycles, and cuts long strings and arrays', () => {
    const looped: Record<string, unknown> = { name: 'loop' };
    looped.self = looped;
    expect(maskSecrets(looped)).toEqual({ name: 'loop', self: '[Circular]' });

    const shared = { id: 1 };
    expect(maskSecrets({ a: shared, b: shared })).toEqual({ a: { id: 1 }, b: { id: 1 } });

    const long = maskSecrets('x'.repeat(10_000)) as string;
    expect(long.length).toBeLessThan(8_300);
    expect(long).toMatch(/more characters\]$/);

    const many = maskSecrets(Array.from({ length: 150 }, (_, i) => i)) as unknown[];
    expect(many).toHaveLength(101);
    expect(many[100]).toBe('…[50 more items]');
  });
});
