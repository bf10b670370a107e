import { Injectable } from '@nestjs/common';
import { AccessTokens } from '../../../platform/auth/access-tokens.js';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import type { AccessTokenIssuer, IssuedAccessToken } from '../application/ports/access-token-issuer.js';

/** The platform's access tokens, as the sign-in use cases see them. */
@Injectable()
export class JwtAccessTokenIssuer implements AccessTokenIssuer {
  constructor(private readonly tokens: AccessTokens) {}

  async issue(user: ActingUser): Promise<IssuedAccessToken> {
    return { token: await this.tokens.sign(user), expiresIn: this.tokens.ttlSeconds };
  }
}
