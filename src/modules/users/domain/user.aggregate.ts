import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { sameValue } from '../../../shared/domain/same-value.js';
import { USER_ROLES, type UserRole } from '../../../shared/domain/user-role.js';

export const EMAIL_MAX = 254;
export const USER_NAME_MAX = 100;
/** NIST SP 800-63B: a length range, no composition rules. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/** Failed sign-ins in a row that lock the account. */
export const FAILED_LOGINS_TO_LOCK = 5;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The state of a user as persistence and read models see it. The hash never leaves the server. */
export interface UserSnapshot {
  readonly id: string;
  readonly version: number;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly active: boolean;
  readonly passwordHash: string;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
}

export interface UserChanges {
  name?: string;
  role?: UserRole;
  active?: boolean;
}

type UserState = Omit<UserSnapshot, 'id' | 'version'>;

/**
 * A person who signs in. Never deleted (audit entries keep pointing at them): deactivated.
 * A run of failed sign-ins locks the account for a while; the right password does not
 * open a locked account until the lock has passed.
 */
export class User extends AggregateRoot {
  private changed = false;

  private constructor(
    id: string,
    version: number,
    private state: UserState,
  ) {
    super(id, version);
  }

  static create(id: string, input: NewUser, now: Date): User {
    return new User(id, 0, {
      email: normalizeEmail(input.email),
      name: checkName(input.name),
      role: checkRole(input.role),
      active: true,
      passwordHash: input.passwordHash,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(snapshot: UserSnapshot): User {
    const { id, version, ...state } = snapshot;
    return new User(id, version, state);
  }

  get hasChanges(): boolean {
    return this.changed;
  }

  get role(): UserRole {
    return this.state.role;
  }

  get passwordHash(): string {
    return this.state.passwordHash;
  }

  /** Whether the account may sign in now: active, and not locked. */
  canSignIn(now: Date): boolean {
    return this.state.active && !this.isLocked(now);
  }

  isLocked(now: Date): boolean {
    return this.state.lockedUntil !== null && this.state.lockedUntil > now;
  }

  change(changes: UserChanges, now: Date): void {
    if (changes.name !== undefined) this.apply({ name: checkName(changes.name) }, now);
    if (changes.role !== undefined) this.apply({ role: checkRole(changes.role) }, now);
    if (changes.active !== undefined) this.apply({ active: changes.active }, now);
  }

  setPasswordHash(passwordHash: string, now: Date): void {
    this.apply({ passwordHash }, now);
  }

  /** An operator's reset: the new password, and the account unlocked (a lockout is often why it was asked for). */
  resetPassword(passwordHash: string, now: Date): void {
    this.apply({ passwordHash, failedLogins: 0, lockedUntil: null }, now);
  }

  /** Counts a failed sign-in; the FAILED_LOGINS_TO_LOCK-th in a row locks the account. Returns true when it locked. */
  recordFailedLogin(now: Date, lockMinutes: number): boolean {
    const failedLogins = this.isLocked(now) ? this.state.failedLogins : this.state.failedLogins + 1;
    const locks = !this.isLocked(now) && failedLogins >= FAILED_LOGINS_TO_LOCK;
    this.apply(
      {
        failedLogins: locks ? 0 : failedLogins,
        lockedUntil: locks ? new Date(now.getTime() + lockMinutes * 60_000) : this.state.lockedUntil,
      },
      now,
    );
    return locks;
  }

  recordSuccessfulLogin(now: Date): void {
    if (this.state.failedLogins !== 0 || this.state.lockedUntil !== null) {
      this.apply({ failedLogins: 0, lockedUntil: null }, now);
    }
  }

  /** The failed sign-ins counted so far (for the `login_failed` line). */
  get failedLogins(): number {
    return this.state.failedLogins;
  }

  snapshot(): UserSnapshot {
    return { id: this.id, version: this.version, ...this.state };
  }

  private apply(patch: Partial<UserState>, now: Date): void {
    const keys = Object.keys(patch) as (keyof UserState)[];
    if (keys.every((key) => sameValue(this.state[key], patch[key]))) return;
    this.state = { ...this.state, ...patch, updatedAt: now };
    this.changed = true;
  }
}

/** E-mail addresses compare case-insensitively: they are stored trimmed and lower-cased. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX || !EMAIL.test(email)) {
    throw new InvariantViolationError('email', 'must be an e-mail address');
  }
  return email;
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > USER_NAME_MAX) {
    throw new InvariantViolationError('name', `must be 1-${USER_NAME_MAX} characters`);
  }
  return name;
}

function checkRole(role: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new InvariantViolationError('role', `must be one of ${USER_ROLES.join(', ')}`);
  }
  return role as UserRole;
}

/** The password rule, checked before hashing (the hash cannot tell). */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new InvariantViolationError(field, `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  }
}
