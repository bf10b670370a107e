import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The id that ties a request to everything it causes: the trace id of a W3C
 * `traceparent`, else a well-formed `x-request-id`, else a new UUID.
 */
export function requestIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const traceparent = request.headers.traceparent;
  if (typeof traceparent === 'string') {
    const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
    if (match && !/^0+$/.test(match[1]!)) return match[1]!;
  }
  return clientRequestIdOf(request) ?? randomUUID();
}

/** The client's own `x-request-id`, when well-formed. */
export function clientRequestIdOf(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}
