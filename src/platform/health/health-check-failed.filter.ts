import { type ArgumentsHost, Catch, type ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * A failed probe answers 503 with terminus's own result (`status`, `info`, `error`,
 * `details`), which probes and operators read, rather than the problem document the
 * global filter would make of it.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailedFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(exception.getStatus())
      .header('cache-control', 'no-cache, no-store, must-revalidate')
      .send(exception.getResponse());
  }
}
