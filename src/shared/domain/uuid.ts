const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for the 8-4-4-4-12 hex form PostgreSQL's `uuid` type accepts. Ids that fail it are
 * never looked up: the cast would fail the statement instead of finding nothing.
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
