import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { UserChanges } from '../domain/user.aggregate.js';
import { UserNotFoundError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';
import type { UserView } from './ports/user.read-model.js';
import { toUserView } from './user-view.js';

export interface UpdateUserCommand {
  id: string;
  expectedVersions?: readonly number[];
  changes: UserChanges;
}

/**
 * Changes a user's name, role or active flag. A deactivated user's sessions end at once
 * (no refresh); an access token already issued runs out within JWT_ACCESS_TTL_SECONDS, as
 * does one carrying an old role.
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id, expectedVersions, changes }: UpdateUserCommand): Promise<UserView> {
    const now = this.clock.now();
    let before: UserView | undefined;
    const { aggregate, changed } = await changeWithRetry({
      resource: 'user',
      id,
      expectedVersions,
      load: () => this.users.findById(id),
      notFound: () => new UserNotFoundError(id),
      change: (user) => {
        before = toUserView(user.snapshot());
        user.change(changes, now);
      },
      save: (user) => this.users.update(user),
    });
    const after = toUserView(aggregate.snapshot());
    if (!changed) return after;
    if (changes.active === false) await this.sessions.revokeUser(id, now);
    await this.audit.record({ action: 'user.update', resourceType: 'user', resourceId: id, changes: auditChanges(before ?? null, after) });
    return after;
  }
}
