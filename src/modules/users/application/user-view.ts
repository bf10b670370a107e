import type { UserSnapshot } from '../domain/user.aggregate.js';
import type { UserView } from './ports/user.read-model.js';

/** What others may see of a user: no hash, no sign-in counters. */
export function toUserView({ id, version, email, name, role, active, createdAt, updatedAt }: UserSnapshot): UserView {
  return { id, version, email, name, role, active, createdAt, updatedAt };
}
