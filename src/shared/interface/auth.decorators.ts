import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ActingUser } from '../application/acting-user.js';
import type { UserRole } from '../domain/user-role.js';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** A route anyone may call without an access token (sign-in, probes, metrics with their own token). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A route only these roles may call; others get a 403 problem. */
export const RequireRole = (...roles: UserRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The request's signed-in user, as the access-token guard verified it. */
export type AuthenticatedRequest = FastifyRequest & { user?: ActingUser };

/** The signed-in user of the request (the guard has checked there is one). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): ActingUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser on a route without an access token');
  return user;
});
