import { Logger } from '@nestjs/common';
import { msSince } from '../../shared/application/elapsed.js';
import type { Outcome } from './outbound-outcome.js';

/** One attempt sent to an outbound service, as its `external_api_call` line tells it. */
export interface ExternalApiCall {
  readonly service: string;
  /** The path or URL; its query and fragment are never logged. */
  readonly endpoint: string;
  readonly method: string;
  readonly statusCode: number | null;
  /** performance.now() when the attempt started. */
  readonly started: number;
  readonly attempt: number;
  readonly outcome: Outcome;
  readonly errorCode?: string;
}

/**
 * The `external_api_call` line of one outbound attempt (SPEC-LOG-3): at `log`, or `warn`
 * when the service failed (a 4xx is the caller's doing and logs at `log`). Never a body, a
 * header or a query string.
 */
export function logExternalApiCall(logger: Logger, call: ExternalApiCall): void {
  const failed = call.outcome !== 'success' && call.outcome !== 'client_error';
  if (!Logger.isLevelEnabled(failed ? 'warn' : 'log')) return;
  const line = {
    message: 'External API call',
    category: 'system',
    event: 'external_api_call',
    service: call.service,
    endpoint: call.endpoint.replace(/[?#].*$/s, ''),
    method: call.method,
    statusCode: call.statusCode,
    duration: msSince(call.started),
    attempt: call.attempt,
    outcome: call.outcome,
    ...(call.errorCode === undefined ? {} : { errorCode: call.errorCode }),
  };
  if (failed) logger.warn(line);
  else logger.log(line);
}
