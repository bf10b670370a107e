/** A refresh token as stored: only its hash, in a family of rotations that began at one sign-in. */
export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewSession {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
}

/** The refresh tokens (sessions) of users. */
export interface SessionRepository {
  add(session: NewSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<StoredSession | null>;
  /** Marks a token used if it is still unused and not revoked; false when another request was first. */
  markUsed(id: string, now: Date): Promise<boolean>;
  revokeFamily(familyId: string, now: Date): Promise<void>;
  revokeUser(userId: string, now: Date): Promise<void>;
}

export const SESSION_REPOSITORY = Symbol('SessionRepository');
