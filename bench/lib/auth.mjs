/**
 * Signing in: every API route needs an access token, so the bench starts its API servers
 * with a first admin and one JWT_SECRET, signs in once (seeding, parity checks), and adds one
 * user per load connection, each signed in with its own token: every connection of a measured
 * run sends its own (connectionAuthorization), as many clients would, so that no cache of one
 * token flatters the figures. The raw baseline ignores them, as it ignores auth altogether.
 */
import { randomBytes } from 'node:crypto';
import { BenchError } from './errors.mjs';

export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: 'a bench password of some length' };
/** One per run, so a token from one API server is good on every other (they share the database). */
export const BENCH_JWT_SECRET = randomBytes(32).toString('base64url');

/** @type {string | undefined} */
let authorization;

/**
 * Signs in as the bench admin at `baseUrl`. A build without sign-in (an older api-before)
 * answers 404: false, and no header is sent.
 * @param {string} baseUrl
 * @returns {Promise<boolean>}
 */
export async function signIn(baseUrl) {
  const res = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (res.status === 404) return false;
  const text = await res.text();
  if (res.status !== 200) throw new BenchError(`sign-in answered ${res.status}`, text);
  authorization = `Bearer ${JSON.parse(text).accessToken}`;
  return true;
}

/** The Authorization header of every bench request, once signed in. */
export function authHeaders() {
  return authorization ? { authorization } : {};
}

/** One access token per load connection, each of its own user (signInConnections). */
const connectionTokens = [];
let nextConnection = 0;

/**
 * Adds `count` bench users (admins, so that every scenario is allowed) through `baseUrl` and
 * signs each in; their tokens are then handed out one per load connection. Call after signIn.
 * @param {string} baseUrl
 * @param {number} count
 */
export async function signInConnections(baseUrl, count) {
  if (!authorization) return;
  const json = async (path, body, headers = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new BenchError(`POST ${path} answered ${res.status}`, text);
    return JSON.parse(text);
  };
  const run = randomBytes(4).toString('hex');
  for (let i = connectionTokens.length; i < count; i++) {
    const user = { email: `bench-${run}-${i}@example.com`, password: BENCH_ADMIN.password };
    await json('/users', { ...user, name: `Bench connection ${i}`, role: 'admin' }, { authorization });
    connectionTokens.push(`Bearer ${(await json('/auth/login', user)).accessToken}`);
  }
}

/**
 * The Authorization header for the next load connection (autocannon's setupClient): each
 * connection gets the next user's token, round the list; the admin's before signInConnections.
 * @returns {string | undefined}
 */
export function nextConnectionAuthorization() {
  if (connectionTokens.length === 0) return authorization;
  return connectionTokens[nextConnection++ % connectionTokens.length];
}
