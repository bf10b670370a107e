import { Transactional } from '@nestjs-cls/transactional';
import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';
import { hashRefreshToken } from './session-tokens.js';

/** Ends the session a refresh token belongs to (its whole family), audited as `user.logout`. An unknown token ends nothing. */
@Injectable()
export class LogoutUseCase {
  constructor(
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async execute(refreshToken: string): Promise<void> {
    const session = await this.sessions.findByTokenHash(hashRefreshToken(refreshToken));
    if (!session) return;
    await this.sessions.revokeFamily(session.familyId, this.clock.now());
    await this.audit.record({ action: 'user.logout', resourceType: 'user', resourceId: session.userId });
  }
}
