/** What a route acts on and how; the users domain's table says which role may. */
export const RESOURCES = ['tasks', 'templates', 'calendars', 'cases', 'users', 'webhooks', 'audit-logs', 'admin'] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** `all`: on any resource of the kind; `own`: on the user's own only (checked by the use case). */
export type Grant = 'all' | 'own';
