import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureOf, signedHeaders } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('are sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" with the secret', () => {
    const expected = createHmac('sha256', 'the-secret-of-16+').update('1796083200.{"a":1}').digest('hex');
    expect(signatureOf('the-secret-of-16+', 1796083200, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('change with the body, the timestamp and the secret', () => {
    const base = signatureOf('s'.repeat(16), 1, 'body');
    expect(signatureOf('s'.repeat(16), 1, 'body!')).not.toBe(base);
    expect(signatureOf('s'.repeat(16), 2, 'body')).not.toBe(base);
    expect(signatureOf('t'.repeat(16), 1, 'body')).not.toBe(base);
  });

  it('sign with the Unix second of the moment', () => {
    const headers = signedHeaders('s'.repeat(16), new Date('2026-12-01T00:00:00.900Z'), 'x');
    expect(headers['x-timestamp']).toBe('1796083200');
    expect(headers['x-signature']).toBe(signatureOf('s'.repeat(16), 1796083200, 'x'));
  });
});
