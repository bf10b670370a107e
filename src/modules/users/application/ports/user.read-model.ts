import type { Page } from '../../../../shared/application/page.js';
import type { UserRole } from '../../../../shared/domain/user-role.js';
import type { UserSnapshot } from '../../domain/user.aggregate.js';

/** A user as others see them: no password hash, no sign-in counters. */
export type UserView = Omit<UserSnapshot, 'passwordHash' | 'failedLogins' | 'lockedUntil'>;

export interface UserListCriteria {
  role?: readonly UserRole[];
  active?: boolean;
  /** Case-insensitive text in the e-mail address or the name. */
  text?: string;
  limit: number;
  cursor?: string;
}

export interface UserReadModel {
  findById(id: string): Promise<UserView | null>;
  /** Users by e-mail address. */
  list(criteria: UserListCriteria): Promise<Page<UserView>>;
}

export const USER_READ_MODEL = Symbol('UserReadModel');
