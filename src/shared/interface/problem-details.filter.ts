import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.js';

/**
 * The one place where errors become application/problem+json. Nest routes Fastify's own
 * errors (body parsing, unknown routes) here too. Server faults are logged with their
 * stack; the client sees only the trace id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error, request.url, String(request.id));
    if (problem.status >= 500) {
      this.logger.error(
        `request failed: ${request.method} ${request.url} traceId=${problem.traceId}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
    void http
      .getResponse<FastifyReply>()
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem);
  }
}
