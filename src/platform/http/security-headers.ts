import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every answer, the one page (/docs, Swagger UI, which styles
 * itself inline) included. The middleware is built once and run in one synchronous
 * onRequest hook: @fastify/helmet builds it anew for every request (its CSP parsed each
 * time, in two async hooks), which cost about 3% of the CPU of a GET.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        // TLS ends at the load balancer; on plain http (a trial on localhost) it would break the page.
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
