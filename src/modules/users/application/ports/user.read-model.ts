import type { Page } from '../../../../shared/application/page.js';
import type { UserRole } from '../../../../shared/domain/user-role.js';

/** A user as others see them: no password hash, no sign-in counters. */
export interface UserView {
  readonly id: string;
  readonly version: number;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

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
