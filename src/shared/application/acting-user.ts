import type { UserRole } from '../domain/user-role.js';

/**
 * Who a use case acts for: the signed-in user, from the verified access token (no database
 * read), or the system itself for scheduled and queued work.
 */
export interface ActingUser {
  readonly id: string;
  readonly role: UserRole;
}

/**
 * The acting user of a change, and whether the permission table lets them change their own
 * resources only (`ownOnly`: the use case checks that the resource is theirs).
 */
export interface Actor extends ActingUser {
  readonly ownOnly: boolean;
}
