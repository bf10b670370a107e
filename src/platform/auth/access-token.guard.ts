import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedRequest, PUBLIC_ROUTE } from '../../shared/interface/auth.decorators.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { InvalidAccessTokenError } from './auth.errors.js';
import { AccessTokens } from './access-tokens.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * The global guard: every route but those marked @Public() needs a valid access token
 * (401 problem with `WWW-Authenticate: Bearer error="invalid_token"` otherwise); what the
 * user's role may do is the permission guard's (users module). The signed-in user is put
 * on the request and on the trace context, so every log line of the request carries its
 * `userId`.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
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
    if (trace) {
      trace.userId = user.id;
      trace.userRole = user.role;
    }
    return true;
  }
}
