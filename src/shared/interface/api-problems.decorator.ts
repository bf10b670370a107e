import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { ProblemResponse } from './problem.response.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed; `errors` names each field.',
  401: 'No valid access token (or, at sign-in, wrong credentials); see WWW-Authenticate.',
  403: 'Your role may not do this.',
  404: 'No such resource.',
  409: 'The change conflicts with the current state.',
  412: 'If-Match names an older version.',
  413: 'The body is too large.',
  415: 'The body is not application/json.',
  422: 'The change breaks a rule of the model; `errors` names the field.',
  428: 'The change must name the version it changes: send If-Match.',
  429: 'Too many requests; Retry-After says when to try again.',
  431: 'The request headers are larger than this server accepts.',
};

/**
 * Documents the problem+json answers a route can give. The schema goes by reference, not
 * `type`: with a type, @nestjs/swagger files the body under the route's own media type
 * (application/json), not application/problem+json.
 */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
