import type { ActingUser } from '../../../../shared/application/acting-user.js';

export interface IssuedAccessToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/** Signs the short-lived access token that every other request presents. */
export interface AccessTokenIssuer {
  issue(user: ActingUser): Promise<IssuedAccessToken>;
}

export const ACCESS_TOKEN_ISSUER = Symbol('AccessTokenIssuer');
