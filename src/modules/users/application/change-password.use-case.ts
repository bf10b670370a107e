import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { checkPassword } from '../domain/user.aggregate.js';
import { UserNotFoundError, WrongCurrentPasswordError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { PASSWORD_HASHER, type PasswordHasher } from './ports/password-hasher.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';

export interface ChangePasswordCommand {
  userId: string;
  currentPassword: string;
  newPassword: string;
}

/** Sets a new password, given the current one, and ends every session of the user. */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ userId, currentPassword, newPassword }: ChangePasswordCommand): Promise<void> {
    checkPassword(newPassword, 'newPassword');
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError(userId);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw new WrongCurrentPasswordError();
    const now = this.clock.now();
    user.setPasswordHash(await this.hasher.hash(newPassword), now);
    await this.users.update(user);
    await this.sessions.revokeUser(userId, now);
    // The entry says that it changed, never what to.
    await this.audit.record({ action: 'user.change_password', resourceType: 'user', resourceId: userId });
  }
}
