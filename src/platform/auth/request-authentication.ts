import type { FastifyRequest } from 'fastify';
import type { ActingUser } from '../../shared/application/acting-user.js';
import { currentTraceContext } from '../logging/trace-context.js';
import type { AccessTokens } from './access-tokens.js';
import { InvalidAccessTokenError } from './auth.errors.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** The cookie of a page session (POST /auth/page-session): HttpOnly, SameSite=Strict. */
export const PAGE_SESSION_COOKIE = 'pt_session';

export type AuthenticatedBy = 'token' | 'cookie';

/**
 * Who sent `request`: the user of its bearer access token, or, where `pages` allows it and
 * no Authorization header came, of its page-session cookie. Throws a 401 problem otherwise.
 * The user goes on the trace context, so every later log line of the request carries it.
 */
export async function authenticate(
  request: FastifyRequest & { cookies?: Record<string, string | undefined> },
  tokens: AccessTokens,
  { pages }: { pages: boolean },
): Promise<{ user: ActingUser; by: AuthenticatedBy }> {
  const header = request.headers.authorization;
  let user: ActingUser | null;
  let by: AuthenticatedBy = 'token';
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    user = token ? await tokens.verify(token) : null;
    if (!user) throw new InvalidAccessTokenError('it is malformed, expired or not ours');
  } else {
    const cookie = pages ? request.cookies?.[PAGE_SESSION_COOKIE] : undefined;
    if (cookie === undefined) throw new InvalidAccessTokenError(pages ? 'none was sent, nor a page session: sign in at /sign-in' : 'none was sent');
    user = await tokens.verifyPageSession(cookie);
    if (!user) throw new InvalidAccessTokenError('the page session is expired or not ours: sign in again at /sign-in');
    by = 'cookie';
  }
  const trace = currentTraceContext();
  if (trace) {
    trace.userId = user.id;
    trace.userRole = user.role;
  }
  return { user, by };
}
