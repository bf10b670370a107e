/**
 * Signing in: every API route needs an access token, so the bench starts its API servers
 * with a first admin and one JWT_SECRET, signs in once, and sends the token with every
 * request (the raw baseline ignores it, as it ignores auth altogether).
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
