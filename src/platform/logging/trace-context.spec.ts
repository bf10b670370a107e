import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { currentTraceContext, outsideAnyContext, runInTraceContext, traceContextOf } from './trace-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('runInTraceContext', () => {
  it('gives the work a new trace id, or the one it carries, across awaits', async () => {
    expect(currentTraceContext()).toBeUndefined();
    const seen = await runInTraceContext(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceContext();
    }, { traceId: 'from-job-data' });
    expect(seen).toEqual({ traceId: 'from-job-data', requestId: null, userId: null, userRole: null, metadata: null });
    expect(runInTraceContext(() => currentTraceContext()!.traceId)).toMatch(UUID);
    expect(currentTraceContext()).toBeUndefined();
  });

  it('starts a context of its own inside another one', () => {
    runInTraceContext(() => {
      runInTraceContext(() => expect(currentTraceContext()!.traceId).toBe('inner'), { traceId: 'inner' });
      expect(currentTraceContext()!.traceId).toBe('outer');
    }, { traceId: 'outer' });
  });
});

describe('outsideAnyContext', () => {
  it('starts a timer whose callback runs in no trace context, from inside one', async () => {
    const seen = await runInTraceContext(
      () =>
        new Promise((resolve) => {
          outsideAnyContext(() => setTimeout(() => resolve(currentTraceContext()), 1));
        }),
      { traceId: 'a-request' },
    );
    expect(seen).toBeUndefined();
    // Without it, the timer would carry the context along.
    const carried = await runInTraceContext(() => new Promise((resolve) => setTimeout(() => resolve(currentTraceContext()?.traceId), 1)), { traceId: 'a-request' });
    expect(carried).toBe('a-request');
  });
});

describe('traceContextOf', () => {
  const request = (headers: Record<string, string>, extra: object = {}) =>
    ({ headers, method: 'POST', url: '/', socket: { remoteAddress: '10.0.0.9' }, ...extra }) as unknown as IncomingMessage;

  it("takes Fastify's request id as trace id, and the client's x-request-id as request id", () => {
    const context = traceContextOf(
      request(
        { 'x-request-id': 'client-1', 'user-agent': 'curl/8' },
        { id: 'trace-1', ip: '127.0.0.1', url: '/tasks?token=abc&limit=2' },
      ),
    );
    expect(context).toEqual({
      traceId: 'trace-1',
      requestId: 'client-1',
      userId: null,
      userRole: null,
      metadata: { ip: '127.0.0.1', userAgent: 'curl/8', method: 'POST', path: '/tasks?token=[REDACTED]&limit=2' },
    });
  });

  it('falls back on the headers and the socket', () => {
    const context = traceContextOf(request({}));
    expect(context.traceId).toMatch(UUID);
    expect(context.requestId).toBe(context.traceId);
    expect(context.metadata).toEqual({ ip: '10.0.0.9', userAgent: null, method: 'POST', path: '/' });
  });
});
