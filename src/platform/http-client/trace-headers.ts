import { createHash, randomBytes } from 'node:crypto';
import { currentTraceContext } from '../logging/trace-context.js';

const HEX_32 = /^[\da-f]{32}$/;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;
const ALL_ZEROS = /^0+$/;

/**
 * The W3C trace-id (32 lowercase hex digits, not all zeros) of one of our trace ids: the id
 * itself when it came from a `traceparent` (request-id.ts), the digits of a UUID, else the
 * first half of its SHA-256. The same trace id always gives the same trace-id, so every call
 * a request makes is one trace downstream.
 */
export function w3cTraceIdOf(traceId: string): string {
  const lower = traceId.toLowerCase();
  const hex = HEX_32.test(lower) ? lower : UUID.test(lower) ? lower.replaceAll('-', '') : undefined;
  if (hex !== undefined && !ALL_ZEROS.test(hex)) return hex;
  return createHash('sha256').update(traceId).digest('hex').slice(0, 32);
}

/**
 * The headers that carry the running request's or job's trace to the service: `traceparent`
 * (version 00, a new span id per attempt, sampled) and `x-request-id` with the trace id of our
 * log lines. Outside a trace context, none: there is no trace of ours to join.
 */
export function traceHeaders(): Record<string, string> {
  const trace = currentTraceContext();
  if (trace === undefined) return {};
  return {
    traceparent: `00-${w3cTraceIdOf(trace.traceId)}-${spanId()}-01`,
    'x-request-id': trace.traceId,
  };
}

function spanId(): string {
  let id: string;
  do id = randomBytes(8).toString('hex');
  while (ALL_ZEROS.test(id));
  return id;
}
