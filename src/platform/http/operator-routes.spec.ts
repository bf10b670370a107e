import { describe, expect, it } from 'vitest';
import { isOperatorPath, isOperatorRoute } from './operator-routes.js';

describe('isOperatorRoute', () => {
  it.each([
    ['/metrics', true],
    ['/health', true],
    ['/health/ready', true],
    ['/healthy-tasks', false],
    ['/metrics-export', false],
    ['/tasks/:id', false],
  ])('%s -> %s', (route, operator) => {
    expect(isOperatorRoute(route)).toBe(operator);
  });
});

describe('isOperatorPath', () => {
  it.each([
    ['/metrics?x=1', true],
    ['/health?verbose', true],
    ['/health/live', true],
    ['/healthz', false],
    ['/tasks?q=/health', false],
    ['/', false],
  ])('%s -> %s', (url, operator) => {
    expect(isOperatorPath(url)).toBe(operator);
  });
});
