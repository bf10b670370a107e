import { Injectable, Logger } from '@nestjs/common';
import type { BusinessEvents } from '../../shared/application/business-events.js';

/**
 * Business events as log lines (SPEC-LOG-3): category `business`, the event name as `event`
 * and `message`, the ids it touched as `context`, and the trace fields of the request or job
 * that caused it. Recorded after the commit, still inside that request's context.
 */
@Injectable()
export class LoggerBusinessEvents implements BusinessEvents {
  private readonly logger = new Logger('BusinessEvent');

  record(event: string, context: Record<string, unknown>): void {
    if (Logger.isLevelEnabled('log')) this.logger.log({ message: event, category: 'business', event, context });
  }
}
