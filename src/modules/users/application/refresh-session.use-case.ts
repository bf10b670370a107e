import { Transactional } from '@nestjs-cls/transactional';
import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../../shared/application/security-events.js';
import { InvalidRefreshTokenError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';
import { SessionTokens, hashRefreshToken, type TokenPair } from './session-tokens.js';

/**
 * Trades a refresh token for a new pair, rotating it: each token works once. A token used
 * a second time means it was stolen (or the client is confused): its whole family is
 * revoked, so the thief's and the owner's sessions both end. The new access token carries
 * the user's current role; a deactivated user gets no new token.
 */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents,
    private readonly tokens: SessionTokens,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const session = await this.sessions.findByTokenHash(hashRefreshToken(refreshToken));
    if (!session || session.revokedAt !== null || session.expiresAt <= now) throw new InvalidRefreshTokenError();
    if (session.usedAt !== null || !(await this.sessions.markUsed(session.id, now))) {
      await this.revokeReused(session.userId, session.familyId, now);
      this.security.record('refresh_token_reused', { userId: session.userId, familyId: session.familyId });
      throw new InvalidRefreshTokenError();
    }
    const user = await this.users.findById(session.userId);
    if (!user || !user.snapshot().active) {
      await this.sessions.revokeFamily(session.familyId, now);
      throw new InvalidRefreshTokenError();
    }
    return this.tokens.issue({ id: user.id, role: user.role }, now, session.familyId);
  }

  /** Ends the family of a reused token with its audit entry, committed before the refusal. */
  @Transactional()
  private async revokeReused(userId: string, familyId: string, now: Date): Promise<void> {
    await this.sessions.revokeFamily(familyId, now);
    await this.audit.record({ action: 'user.sessions_revoked', resourceType: 'user', resourceId: userId, changes: { reason: { before: null, after: 'refresh_token_reused' } } });
  }
}
