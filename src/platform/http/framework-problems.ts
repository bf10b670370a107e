import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import {
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
  TYPE_PREFIX,
  sendProblem,
  toProblem,
} from '../../shared/interface/problem-details.js';
import { RequestValidationError } from '../../shared/interface/request-validation.error.js';

/**
 * How deep a JSON body may nest. Our deepest body (a template: object > steps array >
 * step > dependsOn array) is 4 levels; anything past this is refused while parsing,
 * before class-transformer or JSON.stringify recurse into it.
 */
export const MAX_JSON_DEPTH = 32;

type AnswerListener = (request: FastifyRequest, reply: FastifyReply, problem: ProblemDocument) => void;
const answerListeners = new WeakMap<FastifyInstance, AnswerListener[]>();

/**
 * Calls `listener` after each answer Fastify makes itself before routing (a path it cannot
 * decode): no `onResponse` hook runs for those, so the HTTP metrics subscribe here.
 */
export function onFrameworkAnswer(fastify: FastifyInstance, listener: AnswerListener): void {
  answerListeners.set(fastify, [...(answerListeners.get(fastify) ?? []), listener]);
}

/**
 * Fastify options under which the answers Fastify makes itself, outside any route, are
 * problem documents like ours: a path it cannot decode (`frameworkErrors`), and a request
 * the HTTP parser refuses (`clientErrorHandler`: 431 for oversized headers, 408, 400).
 */
export const frameworkProblemOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply) {
    const problem = toProblem(error, request.url, String(request.id));
    void sendProblem(reply, problem, error);
    // Fastify runs no hook for these requests; whoever measures answers is told here.
    for (const listener of answerListeners.get(request.server) ?? []) listener(request, reply, problem);
  },
  clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const type = status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request';
    const body = JSON.stringify({
      type: `${TYPE_PREFIX}${type}`,
      title: STATUS_CODES[status],
      status,
      detail:
        status === 431
          ? 'The request headers are larger than this server accepts.'
          : status === 408
            ? 'The request did not arrive in time.'
            : 'The request is not valid HTTP.',
      instance: '',
      traceId: randomUUID(),
    });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  },
};

/**
 * Installs the rest of the framework's answers as problems on a Fastify instance:
 * - JSON bodies are checked for depth while being parsed (a linear scan, then Fastify's own
 *   parser with its prototype-poisoning checks), so a deeply nested body is a 400 that costs
 *   time linear in its size, not a stack overflow later;
 * - from SIGTERM or SIGINT on, every answer says `Connection: close`; once the server
 *   closes, a request gets a 503 problem with `Retry-After` and `Connection: close`
 *   (Fastify's own closing answer is plain JSON without either).
 */
export function installFrameworkProblems(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const depth = jsonDepth(body as string);
    if (depth > MAX_JSON_DEPTH) {
      done(new RequestValidationError([{ field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });

  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  // From the signal on (the SHUTDOWN_DELAY_MS while the server still serves), every answer
  // says `Connection: close`: keep-alive clients move to new connections while the port
  // still accepts, instead of sending a request on a socket the closing server then drops.
  let draining = false;
  const drain = () => {
    draining = true;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, drain);
  fastify.addHook('onClose', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.off(signal, drain);
  });
  // Synchronous: an async hook would cost every request a promise to say "not closing".
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) {
      if (draining) void reply.header('connection', 'close');
      done();
      return;
    }
    const problem: ProblemDocument = {
      type: `${TYPE_PREFIX}service-unavailable`,
      title: STATUS_CODES[503]!,
      status: 503,
      detail: 'The server is shutting down; retry after the delay in Retry-After.',
      instance: request.url,
      traceId: String(request.id),
    };
    // problemHeaders gives a 503 its Retry-After (RETRY_AFTER_SECONDS).
    void sendProblem(reply.header('connection', 'close'), problem);
  });
}

/**
 * The deepest nesting of arrays and objects in a JSON text, strings skipped: one pass, no
 * recursion. Malformed text is left for the parser to refuse.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}
