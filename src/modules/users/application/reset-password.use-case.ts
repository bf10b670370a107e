import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { checkPassword, normalizeEmail } from '../domain/user.aggregate.js';
import { UserNotFoundError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { PASSWORD_HASHER, type PasswordHasher } from './ports/password-hasher.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';

export interface ResetPasswordCommand {
  email: string;
  newPassword: string;
}

/**
 * An operator sets a user's password without the current one (`npm run cli --
 * user:reset-password`): the account is unlocked and every session of the user ends (no
 * refresh), so that whoever held the old password keeps nothing past the access token they
 * hold, which runs out within JWT_ACCESS_TTL_SECONDS.
 */
@Injectable()
export class ResetPasswordUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  async execute({ email, newPassword }: ResetPasswordCommand): Promise<{ id: string }> {
    checkPassword(newPassword, 'newPassword');
    const address = normalizeEmail(email);
    // Hashed before the transaction, which then holds no connection for argon2's time.
    return this.store(address, await this.hasher.hash(newPassword));
  }

  @Transactional()
  private async store(email: string, passwordHash: string): Promise<{ id: string }> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new UserNotFoundError(email);
    const now = this.clock.now();
    user.resetPassword(passwordHash, now);
    await this.users.update(user);
    await this.sessions.revokeUser(user.id, now);
    // The entry says that it was reset, never to what.
    await this.audit.record({ action: 'user.reset_password', resourceType: 'user', resourceId: user.id });
    return { id: user.id };
  }
}
