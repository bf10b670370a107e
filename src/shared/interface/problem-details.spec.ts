import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { TaskNotFoundError } from '../../modules/tasks/domain/task.errors.js';
import { InvariantViolationError, StaleVersionError } from '../domain/domain-error.js';
import { QueryFailedError } from 'typeorm';
import { IdempotentRequestInProgressError } from '../../platform/idempotency/idempotency.errors.js';
import { UpstreamUnavailableError } from '../../platform/http-client/upstream-unavailable.error.js';
import { problemHeaders, toProblem } from './problem-details.js';
import { RequestValidationError } from './request-validation.error.js';

const problem = (error: unknown) => toProblem(error, '/tasks/1', 'trace-1');

describe('toProblem', () => {
  it('names every invalid field of a 400', () => {
    expect(
      problem(new RequestValidationError([{ field: 'title', message: 'must not be blank' }])),
    ).toEqual({
      type: 'urn:process-todo:problem:validation-error',
      title: 'Bad Request',
      status: 400,
      detail: 'a field is not valid: title',
      instance: '/tasks/1',
      traceId: 'trace-1',
      errors: [{ field: 'title', message: 'must not be blank' }],
    });
  });

  it.each([
    [new TaskNotFoundError('1'), 404, 'urn:process-todo:problem:task-not-found'],
    [new StaleVersionError('task', '1', 1, 2), 412, 'urn:process-todo:problem:stale-version'],
    [new InvariantViolationError('tags', 'bad'), 422, 'urn:process-todo:problem:invariant-violation'],
  ])('maps %s to %i with a stable type', (error, status, type) => {
    expect(problem(error)).toMatchObject({ status, type, detail: (error as Error).message });
  });

  it('keeps the status of Fastify client errors that Nest wraps', () => {
    const cause = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(problem(new HttpException(cause.message, 413, { cause }))).toMatchObject({
      status: 413,
      type: 'urn:process-todo:problem:payload-too-large',
    });
  });

  it('passes other client errors through', () => {
    expect(problem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, detail: 'Cannot GET /x' });
    expect(problem(new BadRequestException('nope'))).toMatchObject({ status: 400, type: 'about:blank' });
  });

  it('says nothing about an unexpected error', () => {
    const result = problem(new Error('connection to 10.0.0.5 refused: password=hunter2'));
    expect(result).toMatchObject({ status: 500, type: 'about:blank', title: 'Internal Server Error' });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|10\.0\.0\.5/);
    expect(problemHeaders(result)).toEqual({});
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
  ])('answers %s with 503 and Retry-After, saying nothing of the server', (_, error) => {
    const result = problem(error);
    expect(result).toMatchObject({
      status: 503,
      type: 'urn:process-todo:problem:service-unavailable',
      title: 'Service Unavailable',
      traceId: 'trace-1',
    });
    expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.5|5432|terminat/);
    expect(problemHeaders(result)).toEqual({ 'retry-after': '5' });
  });

  it('answers an outage of another service with 503 upstream-unavailable, and Retry-After as the error knows it', () => {
    const open = new UpstreamUnavailableError('email', 'circuit_open', null, 12_300);
    const result = problem(open);
    expect(result).toMatchObject({
      status: 503,
      type: 'urn:process-todo:problem:upstream-unavailable',
      title: 'Service Unavailable',
      detail: 'the email service is unavailable: it failed repeatedly; calls to it are paused; retry after the delay in Retry-After',
    });
    expect(problemHeaders(result, open)).toEqual({ 'retry-after': '13' });
    const exhausted = new UpstreamUnavailableError('email', 'server_error', 502);
    expect(problemHeaders(problem(exhausted), exhausted)).toEqual({ 'retry-after': '5' });
    const askedForever = new UpstreamUnavailableError('email', 'rate_limited', 429, Number.POSITIVE_INFINITY);
    expect(problemHeaders(problem(askedForever), askedForever)).toEqual({ 'retry-after': '3600' });
  });

  it('keeps a failed query a 500', () => {
    const duplicate = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(problem(new QueryFailedError('INSERT', [], duplicate))).toMatchObject({ status: 500 });
  });

  it('tells a client when to retry a conflict that passes by itself, and only that one', () => {
    const running = new IdempotentRequestInProgressError();
    const result = problem(running);
    expect(result).toMatchObject({ status: 409, type: 'urn:process-todo:problem:idempotent-request-in-progress' });
    expect(problemHeaders(result, running)).toEqual({ 'retry-after': '1' });
    const notFound = new TaskNotFoundError('t1');
    expect(problemHeaders(problem(notFound), notFound)).toEqual({});
  });
});
