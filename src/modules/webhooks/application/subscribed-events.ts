/** The read-cache key of the events some enabled subscription wants (WebhookEvents reads it; every change of a subscription forgets it). */
export const SUBSCRIBED_EVENTS_KEY = 'webhooks:subscribed-events';
/** Kept a minute; every change forgets it at once, on every replica. */
export const SUBSCRIBED_EVENTS_TTL_MS = 60_000;

/** The job kind that turns one event into a delivery per subscription. */
export const WEBHOOK_EVENT = 'webhook-event';
/** The job kind of one delivery's attempts. */
export const DELIVER_WEBHOOK = 'deliver-webhook';
