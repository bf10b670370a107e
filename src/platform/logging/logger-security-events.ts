import { Logger } from '@nestjs/common';
import type { SecurityEvent, SecurityEvents } from '../../shared/application/security-events.js';

/** Security events as log lines: category `security`, at warn, the event as `event` and the rest beside it. */
export class LoggerSecurityEvents implements SecurityEvents {
  private readonly logger = new Logger('Security');

  record(event: SecurityEvent, context: Record<string, unknown>): void {
    this.logger.warn({ message: event.replaceAll('_', ' '), category: 'security', event, ...context });
  }
}
