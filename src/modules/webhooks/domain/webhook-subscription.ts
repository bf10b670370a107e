import { EVENT_NAMES, type EventName } from '../../../shared/domain/event-name.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';

export const URL_MAX = 2_048;
export const SECRET_MIN = 16;
export const SECRET_MAX = 256;
export const DESCRIPTION_MAX = 500;

/** A subscriber of events: where they are POSTed, which, and whether it still receives them. */
export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly EventName[];
  readonly description: string;
  /** false once WEBHOOK_MAX_FAILURES attempts in a row failed (see disabledReason). */
  readonly enabled: boolean;
  /** Failed delivery attempts since the last success. */
  readonly consecutiveFailures: number;
  readonly disabledAt: Date | null;
  readonly disabledReason: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewWebhook {
  readonly url: string;
  readonly events: readonly string[];
  /** Signs every delivery (HMAC-SHA256); never shown again. */
  readonly secret: string;
  readonly description?: string;
}

/**
 * The subscription `input` asks for, its rules checked: an http(s) URL without credentials
 * or fragment, known events (each once, in the order of EVENT_NAMES), a description within
 * bounds. Where the URL points is the destination guard's call; the secret is checkedSecret's.
 */
export function checkedSubscription(input: Omit<NewWebhook, 'secret'>): { url: string; events: EventName[]; description: string } {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new InvariantViolationError('url', 'is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvariantViolationError('url', 'must be http:// or https://');
  if (url.username || url.password) throw new InvariantViolationError('url', 'must not carry credentials; the signature authenticates deliveries');
  if (url.hash) throw new InvariantViolationError('url', 'must not have a fragment');
  if (url.href.length > URL_MAX) throw new InvariantViolationError('url', `must be at most ${URL_MAX} characters`);
  const unknown = input.events.filter((event) => !(EVENT_NAMES as readonly string[]).includes(event));
  if (unknown.length > 0) throw new InvariantViolationError('events', `names no event: ${unknown.join(', ')}`);
  if (input.events.length === 0) throw new InvariantViolationError('events', 'must name at least one event');
  const description = input.description ?? '';
  if (description.length > DESCRIPTION_MAX) throw new InvariantViolationError('description', `must be at most ${DESCRIPTION_MAX} characters`);
  return { url: url.href, events: EVENT_NAMES.filter((name) => input.events.includes(name)), description };
}

/** A secret long enough to sign with, and not too long to store. */
export function checkedSecret(secret: string): string {
  if (secret.length < SECRET_MIN || secret.length > SECRET_MAX) {
    throw new InvariantViolationError('secret', `must be ${SECRET_MIN} to ${SECRET_MAX} characters`);
  }
  return secret;
}
