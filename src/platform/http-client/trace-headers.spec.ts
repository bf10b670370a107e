import { describe, expect, it } from 'vitest';
import { w3cTraceIdOf } from './trace-headers.js';

describe('w3cTraceIdOf', () => {
  it("keeps the trace-id of a traceparent, and a UUID's digits", () => {
    expect(w3cTraceIdOf('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(w3cTraceIdOf('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(w3cTraceIdOf('3f2b8c1e-9d4a-4c7b-8e21-5a6f0b9c3d17')).toBe('3f2b8c1e9d4a4c7b8e215a6f0b9c3d17');
  });

  it("turns any other id (a client's x-request-id) into the same valid trace-id every time", () => {
    for (const id of ['req-42', 'order:7/retry', '00000000-0000-0000-0000-000000000000', '0'.repeat(32)]) {
      const traceId = w3cTraceIdOf(id);
      expect(traceId, id).toMatch(/^[\da-f]{32}$/);
      expect(traceId, id).not.toMatch(/^0+$/);
      expect(w3cTraceIdOf(id), id).toBe(traceId);
    }
    expect(w3cTraceIdOf('req-42')).not.toBe(w3cTraceIdOf('req-43'));
  });
});
