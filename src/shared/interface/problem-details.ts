import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError, type DomainErrorKind, type FieldViolation } from '../domain/domain-error.js';
import { PreconditionRequiredError } from './precondition-required.error.js';
import { RequestValidationError } from './request-validation.error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Every problem `type` of ours is this prefix and a stable kebab-case name. */
export const TYPE_PREFIX = 'urn:process-todo:problem:';

/** An RFC 9457 problem document, with the request's trace id and, for 400/422, the fields. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  traceId: string;
  errors?: FieldViolation[];
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  stale_version: 412,
  rule_violation: 422,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  unavailable: 503,
};

/** The challenge of a 401 (RFC 9110 requires one) when the error names none. */
export const DEFAULT_CHALLENGE = 'Bearer realm="process-todo"';

/** Fastify's own client errors, by code, that deserve a stable type of ours. */
const FASTIFY_TYPES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-body',
  FST_ERR_BAD_URL: 'malformed-url',
};

const kebab = (code: string) => code.toLowerCase().replace(/_/g, '-');

/**
 * Turns anything thrown while serving a request into a problem document. Only errors
 * raised on purpose carry their message to the client; anything else is a 500 that
 * says nothing about the server's insides.
 */
export function toProblem(error: unknown, instance: string, traceId: string): ProblemDocument {
  const problem = (
    type: string,
    status: number,
    detail: string,
    errors?: readonly FieldViolation[],
  ): ProblemDocument => ({
    type,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance,
    traceId,
    ...(errors?.length ? { errors: [...errors] } : {}),
  });

  if (error instanceof RequestValidationError) {
    return problem(`${TYPE_PREFIX}validation-error`, 400, error.message, error.errors);
  }
  if (error instanceof PreconditionRequiredError) {
    return problem(`${TYPE_PREFIX}precondition-required`, 428, error.message, [
      { field: error.header, message: 'is required' },
    ]);
  }
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    return problem(`${TYPE_PREFIX}${kebab(error.code)}`, status, error.message, error.fields);
  }
  // Nest hands Fastify's own client errors (bad JSON, size, media type) over as an
  // HttpException whose cause is the Fastify error.
  const fastifyError = asFastifyClientError(error instanceof HttpException ? error.cause : error);
  if (fastifyError) {
    const type = FASTIFY_TYPES[fastifyError.code];
    return problem(
      type ? `${TYPE_PREFIX}${type}` : 'about:blank',
      fastifyError.statusCode,
      fastifyError.message,
    );
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    return problem(status === 404 ? `${TYPE_PREFIX}not-found` : 'about:blank', status, error.message);
  }
  // An outage, not a bug: the client may retry, and the load balancer may try another replica.
  if (isDatabaseUnavailable(error)) {
    return problem(
      `${TYPE_PREFIX}service-unavailable`,
      503,
      'The database is unavailable; retry after the delay in Retry-After.',
    );
  }
  return problem(
    'about:blank',
    500,
    'The server could not complete the request; quote the traceId when you report it.',
  );
}

/** How long a client should wait before retrying a 503, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The headers a problem document is sent with, beside its content type: `Retry-After` for
 * a domain error that passes by itself (`retryAfterSeconds`), and for every outage (503),
 * RETRY_AFTER_SECONDS when the error knows no better.
 */
export function problemHeaders(problem: ProblemDocument, error?: unknown): Record<string, string> {
  const domain = error instanceof DomainError ? error : undefined;
  const seconds = domain?.retryAfterSeconds ?? (problem.status === 503 ? RETRY_AFTER_SECONDS : undefined);
  return {
    ...(seconds === undefined ? {} : { 'retry-after': String(seconds) }),
    ...(problem.status === 401 ? { 'www-authenticate': domain?.challenge ?? DEFAULT_CHALLENGE } : {}),
  };
}

/**
 * Answers `problem` on `reply`: its status, the problem+json content type and its headers
 * (problemHeaders). The one way every answer of ours that is a problem is sent: by the
 * problem filter, and by the hooks that answer before any route (a worker's refusals, a
 * closing server, the queue board's guard).
 */
export function sendProblem(reply: FastifyReply, problem: ProblemDocument, error?: unknown): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).headers(problemHeaders(problem, error)).send(problem);
}

function asFastifyClientError(
  error: unknown,
): { statusCode: number; code: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, code, message } = error as Record<string, unknown>;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return null;
  return { statusCode, code, message: typeof message === 'string' ? message : '' };
}
