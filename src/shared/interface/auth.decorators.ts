import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ActingUser, Actor } from '../application/acting-user.js';
import type { Action, Grant, Resource } from '../domain/permission.js';

export const PUBLIC_ROUTE = 'auth:public';
export const PAGE_ROUTE = 'auth:page';
export const REQUIRED_PERMISSION = 'auth:permission';

/** A route anyone may call without an access token (sign-in, probes, metrics with their own token). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * An HTML page for people: besides an access token, it accepts the browser's page-session
 * cookie (POST /auth/page-session sets it), which a browser sends by itself where it cannot
 * send a bearer header.
 */
export const PageRoute = () => SetMetadata(PAGE_ROUTE, true);

/**
 * What a route does, checked against the permission table of the users domain (403 when
 * the role may not). A route without it is open to any signed-in user (their own /me).
 */
export const Permission = (resource: Resource, action: Action) => SetMetadata(REQUIRED_PERMISSION, { resource, action });

export const OTHERS_PERMISSION = 'auth:others-permission';

/**
 * When the query parameter `param` names a user other than the signed-in one, the route
 * also needs `resource`/`action` (the permission guard checks it against the table, as it
 * does @Permission): looking at another person's work is reading about a user.
 *
 * @example
 * @Permission('tasks', 'read')
 * @PermissionForOthers('assigneeId', 'users', 'read')
 */
export const PermissionForOthers = (param: string, resource: Resource, action: Action) =>
  SetMetadata(OTHERS_PERMISSION, { param, resource, action });

/** The request's signed-in user, as the access-token guard verified it, and the grant the permission guard found. */
export type AuthenticatedRequest = FastifyRequest & { user?: ActingUser; grant?: Grant };

/** The acting user of a change and whether their grant is `own` (see Actor). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new Error('CurrentActor on a route without an access token');
  return { ...request.user, ownOnly: request.grant === 'own' };
});

/** The signed-in user of the request (the guard has checked there is one). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): ActingUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser on a route without an access token');
  return user;
});
