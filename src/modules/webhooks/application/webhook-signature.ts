import { createHmac } from 'node:crypto';

/**
 * The headers that let a subscriber trust a delivery: `X-Timestamp` (Unix seconds) and
 * `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>`. The
 * receiver recomputes it over the raw body, compares in constant time, and refuses an old
 * timestamp (a replay).
 *
 * @example
 * const expected = signatureOf(secret, Number(req.headers['x-timestamp']), rawBody);
 * timingSafeEqual(Buffer.from(expected), Buffer.from(req.headers['x-signature']));
 */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, now: Date, body: string): { 'x-timestamp': string; 'x-signature': string } {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'x-timestamp': String(timestamp), 'x-signature': signatureOf(secret, timestamp, body) };
}
