import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import { ACCESS_TOKEN_ISSUER, type AccessTokenIssuer } from './ports/access-token-issuer.js';
import { AUTH_SETTINGS, type AuthSettings } from './ports/auth-settings.js';
import { SESSION_REPOSITORY, type SessionRepository } from './ports/session.repository.js';

/** What a sign-in or a refresh hands the client. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** The stored form of a refresh token: its SHA-256 (the token itself is 256 random bits). */
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Issues an access token and a new refresh token in a session family: a new family at
 * sign-in, the same family at each rotation, so that a reused token can revoke them all.
 */
@Injectable()
export class SessionTokens {
  constructor(
    @Inject(ACCESS_TOKEN_ISSUER) private readonly accessTokens: AccessTokenIssuer,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async issue(user: ActingUser, now: Date, familyId: string = randomUUID()): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.sessions.add({
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.settings.refreshTtlSeconds * 1000),
      createdAt: now,
    });
    const access = await this.accessTokens.issue(user);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }
}
