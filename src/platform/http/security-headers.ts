import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every answer, the one page (/docs, Swagger UI, which styles
 * itself inline) included. With these options every header helmet sets is the same for
 * every request, so helmet runs once, at start, on a recording response, and each request
 * gets the recorded headers in one `reply.headers` (written with the status line): running
 * helmet's twelve middlewares per request, each with its own `setHeader`, was ~3% of the
 * CPU of a GET, and @fastify/helmet, which builds them anew per request, more.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const headers = recordHelmetHeaders(
    helmet({
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
    }),
  );
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The headers `middleware` sets, lower-cased; it must set them synchronously and call next without an error. */
export function recordHelmetHeaders(middleware: Middleware): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  let finished = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res as unknown as ServerResponse, (error) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(headers);
}
