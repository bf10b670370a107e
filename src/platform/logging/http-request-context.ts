import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { httpLogOptions } from './http-log.options.js';
import { runInRequestContext } from './trace-context.js';

/**
 * Opens every HTTP request's trace context (nestjs-cls, which the transactions ride on too)
 * and arms its request line (pino-http, on the root logger), in one synchronous onRequest
 * hook added before any other: the rest of the request, the other hooks, the guards, the
 * handler and its SQL included, runs inside that context, unknown routes and refused
 * requests too. The same two middlewares mounted through Nest (nestjs-cls's ClsMiddleware
 * and nestjs-pino's) ran through @fastify/middie, four awaits and a pino child logger per
 * request: ~0.15 ms, a quarter of the CPU of a `GET /tasks/:id`.
 *
 * Lines logged through Nest's Logger or PinoLogger inside a request are the same either way:
 * the request is never written (log-line.ts), the trace fields come from the context.
 *
 * Call once per app, on its Fastify instance, after `LoggingModule.startupLogger` (which
 * makes the process's root logger) and before the routes are registered.
 */
export function installHttpRequestContext(fastify: FastifyInstance): void {
  const root = PinoLogger.root;
  if (!root) throw new Error('installHttpRequestContext: no root logger yet (LoggingModule.startupLogger makes it)');
  const requestLine = pinoHttp({ ...httpLogOptions, logger: root });
  fastify.addHook('onRequest', (request, reply, done) => {
    runInRequestContext(request, () => {
      // pino-http's own id for the request is Fastify's (genReqId in httpLogOptions).
      (request.raw as { id?: string }).id = request.id;
      requestLine(request.raw, reply.raw);
      done();
    });
  });
}
