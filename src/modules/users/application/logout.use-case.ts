import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';
import { hashRefreshToken } from './session-tokens.js';

/** Ends the session a refresh token belongs to (its whole family). An unknown token ends nothing. */
@Injectable()
export class LogoutUseCase {
  constructor(
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    const session = await this.sessions.findByTokenHash(hashRefreshToken(refreshToken));
    if (session) await this.sessions.revokeFamily(session.familyId, this.clock.now());
  }
}
