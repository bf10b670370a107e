/** Where mail for a user goes, as the users module knows it now. */
export interface Recipient {
  readonly email: string;
  readonly name: string;
}

/**
 * The e-mail address of a user, read when the mail is sent (not when it was caused), so that a
 * changed address is used and a deactivated user gets nothing.
 */
export interface Recipients {
  /** The user's address, or null for an unknown or deactivated user. */
  of(userId: string): Promise<Recipient | null>;
}

export const RECIPIENTS = Symbol('Recipients');
