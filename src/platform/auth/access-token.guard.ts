import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../shared/application/security-events.js';
import type { UserRole } from '../../shared/domain/user-role.js';
import { type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLES } from '../../shared/interface/auth.decorators.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { AccessDeniedError, InvalidAccessTokenError } from './auth.errors.js';
import { AccessTokens } from './access-tokens.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * The global guard: every route but those marked @Public() needs a valid access token
 * (401 problem with `WWW-Authenticate: Bearer error="invalid_token"` otherwise), and a
 * route marked @RequireRole(...) a role it names (403, logged as `access_denied`). The
 * signed-in user is put on the request and on the trace context, so every log line of the
 * request carries its `userId`.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    @Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined) throw new InvalidAccessTokenError('none was sent');
    const token = BEARER.exec(header)?.[1];
    const user = token ? await this.tokens.verify(token) : null;
    if (!user) throw new InvalidAccessTokenError('it is malformed, expired or not ours');
    request.user = user;
    const trace = currentTraceContext();
    if (trace) trace.userId = user.id;

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      const route = `${request.method} ${request.routeOptions.url}`;
      this.security.record('access_denied', { userId: user.id, role: user.role, route });
      // Someone below the roles that may grant roles, trying to set one.
      if (typeof (request.body as { role?: unknown } | undefined)?.role === 'string') {
        this.security.record('privilege_escalation', { userId: user.id, role: user.role, route });
      }
      throw new AccessDeniedError();
    }
    return true;
  }
}
