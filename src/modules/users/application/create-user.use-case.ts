import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { UserRole } from '../../../shared/domain/user-role.js';
import { checkPassword, User } from '../domain/user.aggregate.js';
import { EmailTakenError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { PASSWORD_HASHER, type PasswordHasher } from './ports/password-hasher.js';
import { toUserView } from './user-view.js';
import type { UserView } from './ports/user.read-model.js';

export interface CreateUserCommand {
  email: string;
  name: string;
  password: string;
  role: UserRole;
}

/** Adds a user who can sign in with the password given (stored only as an argon2id hash). */
@Injectable()
export class CreateUserUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  async execute({ password, ...command }: CreateUserCommand): Promise<UserView> {
    checkPassword(password);
    const user = User.create(randomUUID(), { ...command, passwordHash: await this.hasher.hash(password) }, this.clock.now());
    return this.store(user);
  }

  /** The row and its audit entry (`user.create`) together; the hash was computed before, holding no connection. */
  @Transactional()
  private async store(user: User): Promise<UserView> {
    if (!(await this.users.insert(user))) throw new EmailTakenError();
    const view = toUserView(user.snapshot());
    await this.audit.record({ action: 'user.create', resourceType: 'user', resourceId: view.id, changes: auditChanges(null, view) });
    return view;
  }
}
