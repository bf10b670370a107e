import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedError } from '../../../platform/auth/auth.errors.js';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../../shared/application/security-events.js';
import type { Action, Resource } from '../../../shared/domain/permission.js';
import {
  type AuthenticatedRequest,
  OTHERS_PERMISSION,
  PUBLIC_ROUTE,
  REQUIRED_PERMISSION,
} from '../../../shared/interface/auth.decorators.js';
import { grantOf } from '../domain/permissions.js';

/**
 * Enforces the permission table on every route marked @Permission(resource, action): a role
 * the table does not allow gets a 403 problem and an `access_denied` security event (a
 * non-admin trying to set a role is also a `privilege_escalation`). An `own` grant lets the
 * request through with `request.grant = 'own'`: the use case then checks ownership. A route
 * marked @PermissionForOthers also needs that grant when its parameter names someone else.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const required = this.reflector.getAllAndOverride<{ resource: Resource; action: Action } | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = request.user;
    if (!required || !user) return true;
    const grant = grantOf(user.role, required.resource, required.action);
    if (!grant) this.deny(request, user, required);
    const others = this.reflector.getAllAndOverride<{ param: string; resource: Resource; action: Action } | undefined>(
      OTHERS_PERMISSION,
      targets,
    );
    const named = others && (request.query as Record<string, unknown> | undefined)?.[others.param];
    if (others && typeof named === 'string' && named !== user.id && grantOf(user.role, others.resource, others.action) !== 'all') {
      this.deny(request, user, others);
    }
    request.grant = grant;
    return true;
  }

  private deny(request: AuthenticatedRequest, user: ActingUser, required: { resource: Resource; action: Action }): never {
    const event = {
      userId: user.id,
      role: user.role,
      resource: required.resource,
      action: required.action,
      resourceId: (request.params as Record<string, string> | undefined)?.id ?? null,
    };
    this.security.record('access_denied', event);
    if (required.resource === 'users' && typeof (request.body as { role?: unknown } | undefined)?.role === 'string') {
      this.security.record('privilege_escalation', event);
    }
    throw new AccessDeniedError();
  }
}
