import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error.js';
import { sendProblem, toProblem } from './problem-details.js';
import { PROBLEM_OBSERVER, type ProblemObserver } from './problem-observer.js';

/**
 * The one place where errors become application/problem+json. Nest routes Fastify's own
 * errors (body parsing, unknown routes) here too. Server faults are logged with their
 * stack; the client sees only the trace id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(@Optional() @Inject(PROBLEM_OBSERVER) private readonly observer?: ProblemObserver) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A request answered already (timed out, request-deadline.ts) whose work failed since,
    // as it should: its statements are refused.
    if (reply.sent) return;
    const problem = toProblem(error, request.url, String(request.id));
    if (problem.status >= 500 && !(error instanceof DomainError && error.shedsLoad)) {
      // The line carries the trace id (problem.traceId) like every line of the request.
      this.logger.error({
        message: `request failed: ${request.method} ${request.url}`,
        category: 'error',
        event: 'unhandled_error',
        error: error instanceof Error ? error : { name: typeof error, message: String(error) },
      });
    }
    this.observer?.problemSent(request, problem);
    void sendProblem(reply, problem, error);
  }
}
