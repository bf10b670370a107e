import { NotFoundException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { sendProblem, toProblem } from '../../shared/interface/problem-details.js';
import { isOperatorPath } from './operator-routes.js';

/**
 * APP_ROLE=worker: every path but /health/* and /metrics answers 404 (a problem document
 * saying why) before routing, auth or parsing, so that a worker behind a misrouted Service
 * never serves the API.
 */
export function installWorkerRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isOperatorPath(request.url)) return done();
    const problem = toProblem(
      new NotFoundException('This process is a worker (APP_ROLE=worker): it serves /health/* and /metrics only.'),
      request.url,
      String(request.id),
    );
    void sendProblem(reply, problem);
  });
}
