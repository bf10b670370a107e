import type { EventName } from '../domain/event-name.js';
import type { FollowUp } from '../domain/follow-up.js';

export { EVENT_NAMES, type EventName } from '../domain/event-name.js';

/** One thing that happened, as a use case publishes it: plain JSON about the resource. */
export interface PublishedEvent {
  readonly name: EventName;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Publishes what happened to whoever subscribed (webhooks), at least once and only if the
 * change commits: `publish` writes it in the caller's transaction (outside one it refuses);
 * `followUps` gives it as the follow-ups of a write that takes them in its one statement.
 * An event nobody subscribed to costs no message.
 *
 * @example
 * await this.events.publish({ name: 'case.created', data: { caseId, templateId, goalDate } });
 */
export interface Events {
  publish(...events: PublishedEvent[]): Promise<void>;
  followUps(...events: PublishedEvent[]): Promise<FollowUp[]>;
}

export const EVENTS = Symbol('Events');
