import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { ActingUser } from '../../shared/application/acting-user.js';
import { USER_ROLES, type UserRole } from '../../shared/domain/user-role.js';

const ISSUER = 'process-todo';
/** Verified tokens remembered, so that a client's every request does not pay the HMAC and claim checks again. */
const VERIFIED_MAX = 10_000;
const AUDIENCE = 'process-todo-api';
/** Page sessions are tokens of their own audience: a cookie is never good as a bearer token, nor a bearer token as a cookie. */
const PAGE_AUDIENCE = 'process-todo-pages';
/** How long a page session lasts (SPEC-CACHE: sessions 30 min). */
export const PAGE_SESSION_TTL_SECONDS = 30 * 60;

/**
 * Signs and verifies access tokens: JWTs with HS256 only (a token naming `none` or any
 * other algorithm is refused), `sub`, `role`, `iss`, `aud` and `exp`. Verifying reads no
 * database, so every replica checks a token on its own.
 */
@Injectable()
export class AccessTokens {
  private readonly jwt: JwtService;
  private readonly pages: JwtService;
  readonly ttlSeconds: number;
  /** Token -> its user and expiry (ms), oldest first; a token is only ever added once verified. */
  private readonly verified = new Map<string, { user: ActingUser; expiresAt: number }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    let secret = config.auth.jwtSecret;
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      new Logger('Auth').warn(
        'JWT_SECRET is not set: access tokens are signed with a random key made at start, so they ' +
          'end with the process and differ between replicas. Set JWT_SECRET (32+ characters) in production.',
      );
    }
    this.ttlSeconds = config.auth.accessTtlSeconds;
    this.jwt = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: this.ttlSeconds },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
    });
    this.pages = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: PAGE_AUDIENCE, expiresIn: PAGE_SESSION_TTL_SECONDS },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: PAGE_AUDIENCE },
    });
  }

  /** The value of a page-session cookie for `user` (PAGE_SESSION_TTL_SECONDS). */
  async signPageSession(user: ActingUser): Promise<string> {
    return this.pages.signAsync({ role: user.role }, { subject: user.id });
  }

  /** The user of a page-session cookie, or null for any value that is not one of ours and current. */
  async verifyPageSession(token: string): Promise<ActingUser | null> {
    try {
      return userOf(await this.pages.verifyAsync(token));
    } catch {
      return null;
    }
  }

  async sign(user: ActingUser): Promise<string> {
    return this.jwt.signAsync({ role: user.role }, { subject: user.id });
  }

  /** The user a token was issued to, or null for any token that is not one of ours and current. */
  async verify(token: string): Promise<ActingUser | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known.user;
      this.verified.delete(token);
      return null;
    }
    let payload: { sub?: unknown; role?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      return null;
    }
    const user = userOf(payload);
    if (!user) return null;
    if (typeof payload.exp === 'number') {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { user, expiresAt: payload.exp * 1000 });
    }
    return user;
  }
}

function userOf(payload: { sub?: unknown; role?: unknown }): ActingUser | null {
  if (typeof payload.sub !== 'string' || !(USER_ROLES as readonly unknown[]).includes(payload.role)) return null;
  return { id: payload.sub, role: payload.role as UserRole };
}
