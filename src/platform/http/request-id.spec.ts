import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdOf } from './request-id.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('takes the trace id of a W3C traceparent first', () => {
    expect(
      requestIdOf(
        request({
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          'x-request-id': 'abc',
        }),
      ),
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('then a well-formed x-request-id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'req-42' }))).toBe('req-42');
  });

  it.each([
    { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
    { traceparent: 'garbage' },
    { 'x-request-id': 'has spaces and "quotes"' },
    { 'x-request-id': 'x'.repeat(129) },
    {},
  ])('else makes a new UUID (%o)', (headers) => {
    expect(requestIdOf(request(headers as Record<string, string>))).toMatch(UUID);
  });
});
