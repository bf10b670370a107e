import type { User } from './user.aggregate.js';

/** Where users are kept. Writes are conditional on the loaded version, like every aggregate's. */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** False when the e-mail address is taken. */
  insert(user: User): Promise<boolean>;
  update(user: User): Promise<void>;
  /** Whether any user exists (the first admin is made only when none does). */
  any(): Promise<boolean>;
}

export const USER_REPOSITORY = Symbol('UserRepository');
