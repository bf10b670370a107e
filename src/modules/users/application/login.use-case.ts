import { Transactional } from '@nestjs-cls/transactional';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../../shared/application/security-events.js';
import { normalizeEmail, type User } from '../domain/user.aggregate.js';
import { InvalidCredentialsError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { AUTH_SETTINGS, type AuthSettings } from './ports/auth-settings.js';
import { PASSWORD_HASHER, type PasswordHasher } from './ports/password-hasher.js';
import { SessionTokens, type TokenPair } from './session-tokens.js';

export interface LoginCommand {
  email: string;
  password: string;
}

const logger = new Logger('Auth');

/**
 * Signs a user in. Every refusal is the same 401 (InvalidCredentialsError) at the same cost:
 * an unknown e-mail address is verified against a stand-in hash, so neither the answer nor
 * its timing tells which accounts exist. Five failures in a row lock the account for
 * LOCKOUT_MINUTES, during which even the right password is refused. The counters (and their
 * audit entry) are committed before the refusal is thrown, so nothing rolls them back.
 */
@Injectable()
export class LoginUseCase {
  /** A hash of nothing anyone knows, verified when the e-mail address is unknown. */
  private standIn?: Promise<string>;

  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents,
    private readonly tokens: SessionTokens,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async execute({ email, password }: LoginCommand): Promise<TokenPair> {
    const user = await this.findUser(email);
    const hash = user?.passwordHash ?? (await this.standInHash());
    const matches = await this.hasher.verify(hash, password);
    const now = this.clock.now();
    if (!user) {
      this.security.record('login_failed', { reason: 'unknown_email' });
      throw new InvalidCredentialsError();
    }
    if (!matches || !user.canSignIn(now)) {
      await this.refuse(user, matches, now);
      throw new InvalidCredentialsError();
    }
    const pair = await this.signIn(user, now);
    logger.log({ message: 'signed in', category: 'auth', event: 'login_success', userId: user.id });
    return pair;
  }

  /** Resets the failure count, opens the session and records `user.login`, together. */
  @Transactional()
  private async signIn(user: User, now: Date): Promise<TokenPair> {
    const before = user.snapshot();
    const { aggregate } = await changeWithRetry({
      resource: 'user',
      id: user.id,
      load: () => this.current(user),
      notFound: () => new InvalidCredentialsError(),
      change: (fresh) => fresh.recordSuccessfulLogin(now),
      save: (fresh) => this.users.update(fresh),
    });
    const actor = { id: user.id, role: user.role };
    const pair = await this.tokens.issue(actor, now);
    await this.audit.record({ action: 'user.login', resourceType: 'user', resourceId: user.id, actor, changes: auditChanges(before, aggregate.snapshot()) });
    return pair;
  }

  /**
   * Counts a wrong password (and locks at the fifth) with its audit entry (`user.login_failed`
   * or `user.lock`), committed before the refusal is thrown. Concurrent failures of one
   * account must all count: re-applied to fresh state on a race.
   */
  @Transactional()
  private async countFailure(found: User, now: Date): Promise<{ user: User; failedAttempts: number; locked: boolean }> {
    let failedAttempts = found.failedLogins;
    let locked = false;
    let before = found.snapshot();
    const { aggregate } = await changeWithRetry({
      resource: 'user',
      id: found.id,
      load: () => this.current(found),
      notFound: () => new InvalidCredentialsError(),
      change: (user) => {
        before = user.snapshot();
        failedAttempts = user.failedLogins + (user.isLocked(now) ? 0 : 1);
        locked = user.recordFailedLogin(now, this.settings.lockoutMinutes);
      },
      save: (user) => this.users.update(user),
    });
    await this.audit.record({
      action: locked ? 'user.lock' : 'user.login_failed',
      resourceType: 'user',
      resourceId: found.id,
      changes: auditChanges(before, aggregate.snapshot()),
    });
    return { user: aggregate, failedAttempts, locked };
  }

  private async refuse(found: User, passwordMatched: boolean, now: Date): Promise<void> {
    const reason = !found.snapshot().active ? 'inactive' : found.isLocked(now) ? 'locked' : 'wrong_password';
    let locked = false;
    let failedAttempts = found.failedLogins;
    if (!passwordMatched) ({ user: found, failedAttempts, locked } = await this.countFailure(found, now));
    this.security.record('login_failed', { reason, userId: found.id, failedAttempts });
    if (locked) this.security.record('account_locked', { userId: found.id, lockoutMinutes: this.settings.lockoutMinutes });
  }

  /** The user as loaded, or read again once a retried change has touched it (another writer won). */
  private async current(user: User): Promise<User | null> {
    return user.hasChanges ? this.users.findById(user.id) : user;
  }

  private async findUser(email: string): Promise<User | null> {
    let normalized: string;
    try {
      normalized = normalizeEmail(email);
    } catch {
      return null;
    }
    return this.users.findByEmail(normalized);
  }

  private standInHash(): Promise<string> {
    this.standIn ??= this.hasher.hash(`stand-in ${Math.random()}`);
    return this.standIn;
  }
}
