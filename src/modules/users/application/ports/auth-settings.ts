/** The sign-in rules of this deployment (JWT_REFRESH_TTL_SECONDS, LOCKOUT_MINUTES). */
export interface AuthSettings {
  readonly refreshTtlSeconds: number;
  readonly lockoutMinutes: number;
}

export const AUTH_SETTINGS = Symbol('AuthSettings');
