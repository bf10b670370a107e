import type { Action, Resource } from '../domain/permission.js';
import type { ActingUser } from './acting-user.js';

/**
 * The permission table, for what is no Nest route of a module (and so cannot be marked
 * @Permission): a page a library serves (the queue board). Answers whether `user`'s role may
 * do `action` on every `resource` of the kind; a refusal is recorded as `access_denied`.
 */
export interface Authorization {
  allows(user: ActingUser, resource: Resource, action: Action, path: string): boolean;
}

export const AUTHORIZATION = Symbol('Authorization');
