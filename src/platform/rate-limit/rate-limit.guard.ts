import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { type AuthenticatedRequest, PUBLIC_ROUTE } from '../../shared/interface/auth.decorators.js';
import { RATE_LIMIT } from '../../shared/interface/rate-limit.decorator.js';
import { RateLimitedError } from './rate-limited.error.js';
import { RateLimits } from './rate-limits.js';

/**
 * Counts each request against its limit, after the access-token guard has named the user:
 * a signed-in request per user, a public one marked @RateLimit per ip (and sign-in per
 * account too). Every counted answer carries `RateLimit-Policy` and `RateLimit`; one over
 * the limit is a 429 problem with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const kind = this.reflector.getAllAndOverride<'login' | 'requests' | undefined>(RATE_LIMIT, targets);
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    if (isPublic && !kind) return true;

    const decision =
      kind === 'login'
        ? await this.limits.login([`ip:${request.ip}`, `account:${accountOf(request.body)}`])
        : await this.limits.request(request.user ? `user:${request.user.id}` : `ip:${request.ip}`);
    const name = kind === 'login' ? 'sign-in' : 'requests';
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('ratelimit-policy', decision.policy)
      .header('ratelimit', `"${name}";r=${decision.remaining};t=${decision.resetSeconds}`);
    if (!decision.allowed) throw new RateLimitedError(decision.resetSeconds, kind === 'login' ? 'sign-in attempts' : 'requests');
    return true;
  }
}

/** The account a sign-in names, as the login use case reads it (trimmed, lower-cased). */
function accountOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}
