import { Inject, Injectable } from '@nestjs/common';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import type { Authorization } from '../../../shared/application/authorization.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../../shared/application/security-events.js';
import type { Action, Resource } from '../../../shared/domain/permission.js';
import { grantOf } from '../domain/permissions.js';

/** AUTHORIZATION on the users domain's permission table: only an `all` grant allows. */
@Injectable()
export class PermissionTableAuthorization implements Authorization {
  constructor(@Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents) {}

  allows(user: ActingUser, resource: Resource, action: Action, path: string): boolean {
    if (grantOf(user.role, resource, action) === 'all') return true;
    this.security.record('access_denied', { userId: user.id, role: user.role, resource, action, resourceId: null, path });
    return false;
  }
}
