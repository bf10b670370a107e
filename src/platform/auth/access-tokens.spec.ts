import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import { AccessTokens } from './access-tokens.js';

const config = { auth: { jwtSecret: 's'.repeat(40), accessTtlSeconds: 60 } } as AppConfig;
const user = { id: '6f1c1f5e-0000-4000-8000-000000000001', role: 'member' } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('AccessTokens', () => {
  it('verifies its own tokens and refuses tampered ones', async () => {
    const tokens = new AccessTokens(config);
    const token = await tokens.sign(user);
    expect(await tokens.verify(token)).toEqual(user);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url');
    expect(await tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(await new AccessTokens({ ...config, auth: { ...config.auth, jwtSecret: 'o'.repeat(40) } }).verify(token)).toBeNull();
  });

  it('remembers a verified token only until it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
    const tokens = new AccessTokens(config);
    const token = await tokens.sign(user);
    expect(await tokens.verify(token)).toEqual(user);
    vi.setSystemTime(new Date('2026-12-01T10:00:59Z'));
    expect(await tokens.verify(token)).toEqual(user);
    vi.setSystemTime(new Date('2026-12-01T10:01:01Z'));
    expect(await tokens.verify(token)).toBeNull();
  });
});
