import type { UserRole } from '../domain/user-role.js';

/**
 * Who a use case acts for: the signed-in user, from the verified access token (no database
 * read), or the system itself for scheduled and queued work.
 */
export interface ActingUser {
  readonly id: string;
  readonly role: UserRole;
}
