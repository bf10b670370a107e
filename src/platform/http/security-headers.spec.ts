import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import helmet from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { installSecurityHeaders, recordHelmetHeaders } from './security-headers.js';

const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

describe('security headers', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('records exactly the headers helmet sets on a real response', async () => {
    const middleware = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], upgradeInsecureRequests: null } } });
    server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const real = Object.fromEntries([...response.headers].filter(([name]) => SECURITY_HEADERS.includes(name)));
    expect(Object.keys(real).sort()).toEqual(SECURITY_HEADERS);
    expect(recordHelmetHeaders(middleware)).toEqual(real);
  });

  it('refuses a middleware that does not finish at once or fails', () => {
    expect(() => recordHelmetHeaders(() => {})).toThrow(/synchronously/);
    expect(() => recordHelmetHeaders((_req, _res, next) => next(new Error('bad option')))).toThrow('bad option');
  });

  it('sends them with answers, errors included', async () => {
    const fastify = Fastify();
    installSecurityHeaders(fastify);
    fastify.get('/ok', async () => ({ ok: true }));
    fastify.get('/fails', async () => {
      throw new Error('boom');
    });
    for (const url of ['/ok', '/fails', '/none']) {
      const response = await fastify.inject({ method: 'GET', url });
      for (const name of SECURITY_HEADERS) expect(response.headers[name], `${url} ${name}`).toBeTypeOf('string');
      expect(response.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    }
    await fastify.close();
  });
});
