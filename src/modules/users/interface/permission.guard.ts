import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedError } from '../../../platform/auth/auth.errors.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../../shared/application/security-events.js';
import type { Action, Resource } from '../../../shared/domain/permission.js';
import {
  type AuthenticatedRequest,
  PUBLIC_ROUTE,
  REQUIRED_PERMISSION,
} from '../../../shared/interface/auth.decorators.js';
import { grantOf } from '../domain/permissions.js';

/**
 * Enforces the permission table on every route marked @Permission(resource, action): a role
 * the table does not allow gets a 403 problem and an `access_denied` security event (a
 * non-admin trying to set a role is also a `privilege_escalation`). An `own` grant lets the
 * request through with `request.grant = 'own'`: the use case then checks ownership.
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
    if (!required || !request.user) return true;
    const grant = grantOf(request.user.role, required.resource, required.action);
    if (grant) {
      request.grant = grant;
      return true;
    }
    const event = {
      userId: request.user.id,
      role: request.user.role,
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
