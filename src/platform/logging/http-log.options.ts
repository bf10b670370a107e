import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import type { LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';
import { requestIdOf } from '../http/request-id.js';

/** Probes and scrapes come every few seconds and say nothing; their request lines are skipped. */
const QUIET_PATHS = /^\/(?:health(?:[/?]|$)|metrics(?:\?|$))/;

/**
 * One line per request when its response is sent: `request completed` at info, at warn
 * for a 4xx, at error for a 5xx, with `statusCode` and `duration` (ms); the trace fields
 * and `metadata` come from the trace context like on every other line.
 */
export const httpLogOptions: Options = {
  // Fastify has already given the request its id (request-id.ts); this is for anything else.
  genReqId: (request) => (request as { id?: string }).id ?? requestIdOf(request),
  autoLogging: { ignore: (request) => QUIET_PATHS.test(request.url ?? '/') },
  customLogLevel: (_request, response, error) => {
    const level: LevelWithSilent =
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
    // Skips building the line at all when its level is off (LOG_LEVEL=warn and a 2xx).
    return PinoLogger.root?.isLevelEnabled(level) === false ? 'silent' : level;
  },
  customAttributeKeys: { responseTime: 'duration' },
  customSuccessMessage: (request, response) =>
    (request as IncomingMessage).readableAborted || !response.writableEnded ? 'request aborted' : 'request completed',
  customErrorMessage: () => 'request failed',
  customSuccessObject: (_request, response: ServerResponse, { duration }: { duration: number }) => ({
    category: 'system',
    event: 'http_request',
    statusCode: response.statusCode,
    duration,
  }),
  customErrorObject: (_request, response: ServerResponse, error, { duration }: { duration: number }) => ({
    category: 'error',
    event: 'http_request',
    statusCode: response.statusCode,
    duration,
    // The cause of a 5xx is logged with its stack where it was caught (ProblemDetails).
    error: { name: error.name, message: error.message },
  }),
  // pino-http makes a child logger per request, bound to the request (which log-line.ts
  // never serializes). These two settings make it one child, of the root logger; the other
  // settings make two, the second a child of the first, which costs V8 a new prototype chain
  // per request. The request line is written by the root logger.
  quietReqLogger: false,
  quietResLogger: true,
  wrapSerializers: false,
};
