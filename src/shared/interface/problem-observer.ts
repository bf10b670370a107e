import type { FastifyRequest } from 'fastify';
import type { ProblemDocument } from './problem-details.js';

/**
 * Told about each problem document the global filter sends, with the request it answers;
 * metrics use it to count errors by problem type. Optional: without one, the filter only
 * answers.
 */
export interface ProblemObserver {
  problemSent(request: FastifyRequest, problem: ProblemDocument): void;
}

export const PROBLEM_OBSERVER = Symbol('ProblemObserver');
