import { Injectable, Logger } from '@nestjs/common';
import type { BusinessEvents } from '../../shared/application/business-events.js';

/** Business events as structured log lines; the observability work moves them to pino. */
@Injectable()
export class LoggerBusinessEvents implements BusinessEvents {
  private readonly logger = new Logger('BusinessEvent');

  record(event: string, context: Record<string, unknown>): void {
    this.logger.log({ message: event, category: 'business', event, context });
  }
}
