import { createHmac, randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import type { AuthenticatedRequest } from '../../shared/interface/auth.decorators.js';

/** The cookie the board's UI (axios) reads its CSRF token from, and sends back as `X-XSRF-TOKEN`. */
export const CSRF_TOKEN_COOKIE = 'XSRF-TOKEN';
/** The HttpOnly cookie of the secret the CSRF tokens are made and checked with. */
export const CSRF_SECRET_COOKIE = '_csrf';

/**
 * What browser pages need of Fastify: cookies (@fastify/cookie), and CSRF tokens
 * (@fastify/csrf-protection) bound to the signed-in user, whose secret lives in an HttpOnly
 * `_csrf` cookie. Writes made with the page-session cookie must carry a token
 * (`fastify.csrfProtection`); a bearer token is never sent by a browser on its own, so
 * writes made with one need none.
 */
export function installPageSupport(fastify: FastifyInstance, config: AppConfig): void {
  void fastify.register(fastifyCookie);
  void fastify.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_SECRET_COOKIE,
    cookieOpts: cookieOptions(config, { httpOnly: true }),
    getUserInfo: (request: FastifyRequest) => (request as AuthenticatedRequest).user?.id ?? '',
    csrfOpts: { hmacKey: csrfKey(config) },
  });
}

/** The options of every cookie the pages set: SameSite=Strict, the whole site, Secure in production. */
export function cookieOptions(config: AppConfig, { httpOnly }: { httpOnly: boolean }) {
  return { httpOnly, sameSite: 'strict' as const, secure: config.env === 'production', path: '/' };
}

/** Shared by the replicas when JWT_SECRET is (one key per process otherwise, as for tokens). */
function csrfKey(config: AppConfig): string {
  const secret = config.auth.jwtSecret ?? randomBytes(32).toString('base64url');
  return createHmac('sha256', secret).update('process-todo csrf').digest('base64url');
}
