import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedRequest, PAGE_ROUTE, PUBLIC_ROUTE } from '../../shared/interface/auth.decorators.js';
import { AccessTokens } from './access-tokens.js';
import { authenticate } from './request-authentication.js';

/**
 * The global guard: every route but those marked @Public() needs a valid access token
 * (401 problem with `WWW-Authenticate: Bearer error="invalid_token"` otherwise), a page
 * (@PageRoute) the page-session cookie instead; what the
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
    // Only a request without a bearer token may be a page's (the one metadata read a bearer request is spared).
    const pages = request.headers.authorization === undefined && (this.reflector.getAllAndOverride<boolean>(PAGE_ROUTE, targets) ?? false);
    request.user = (await authenticate(request, this.tokens, { pages })).user;
    return true;
  }
}
