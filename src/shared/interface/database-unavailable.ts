/** Node socket errors that mean the database server cannot be reached (now). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is there but will not serve: class 08 (connection exception)
 * is matched by prefix; 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

/** What pg and pg-pool say, without a code, when a connection dies or never comes. */
const LOST_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  // pg's query_timeout: the server did not answer in time (a hung network, a stalled server).
  /^Query read timeout/,
];

/**
 * Whether an error means "the database is unreachable, try again later" rather than a
 * fault of the request or of our code: a refused, reset or timed-out connection, a server
 * shutting down or starting, a pool that could not connect. Looks through TypeORM's
 * QueryFailedError (`driverError`), `cause` and the `errors` of an AggregateError (a host
 * name resolving to several addresses), so it needs neither pg nor TypeORM to decide.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, driverError, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && LOST_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) {
    return true;
  }
  const nested = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}
