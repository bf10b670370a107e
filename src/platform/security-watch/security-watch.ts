import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { SECURITY_EVENTS_PORT, type SecurityEvent, type SecurityEvents } from '../../shared/application/security-events.js';
import type { AuthenticatedRequest } from '../../shared/interface/auth.decorators.js';
import { EXPORT_ROWS } from '../../shared/interface/export-rows.decorator.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { isOperatorRoute } from '../http/operator-routes.js';
import { RateLimiterStore } from '../rate-limit/rate-limiter-store.js';
import { recordsIn } from './records-read.js';
import { findSuspiciousInput } from './suspicious-input.js';
import { type ThresholdCrossing, ThresholdWatch } from './threshold-watch.js';

/** How often the counts of this process go to the shared counters: the delay of an event, at most. */
const FLUSH_MS = 1_000;

/**
 * The security events a request can cause by itself, all noticed in Fastify hooks after
 * its answer is sent, so that none of this delays or fails a request:
 * - `request_rate_unusual`: more requests than SECURITY_UNUSUAL_ACCESS_THRESHOLD in a window
 *   of SECURITY_WINDOW_SECONDS by one signed-in user (else one ip);
 * - `data_access_unusual`: more records read than SECURITY_DATA_ACCESS_THRESHOLD in a window:
 *   what a successful GET answered with (recordsIn: a page its items, a resource one; a
 *   text export the rows its route's @ExportRows counts);
 * - `suspicious_input`: the path, query or body looks like SQL injection or XSS
 *   (findSuspiciousInput), with the fields and kinds, never the values.
 *
 * Both windows are counted in the RateLimiterStore (Redis, shared by replicas), each event
 * once per window and user (ThresholdWatch). Per request: a few map updates and one scan of
 * the input's strings; Redis hears one consume per active user and counter per second, and
 * none for a user already over the threshold in this window. Probes and /metrics are left out.
 */
@Injectable()
export class SecurityWatch {
  private readonly logger = new Logger('SecurityWatch');
  private readonly requests: ThresholdWatch;
  private readonly reads: ThresholdWatch;
  private readonly recordsRead = new WeakMap<FastifyRequest, number>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    store: RateLimiterStore,
    @Inject(SECURITY_EVENTS_PORT) private readonly security: SecurityEvents,
  ) {
    const { windowSeconds, requestRateThreshold, dataAccessThreshold } = config.security;
    const watch = (name: string, threshold: number, report: (crossing: ThresholdCrossing) => void) =>
      new ThresholdWatch(
        // Blocked in memory once over: the rest of the window costs this process no Redis call.
        store.limiter(name, { points: threshold, duration: windowSeconds, inMemoryBlockOnConsumed: threshold + 1 }),
        report,
        { flushMs: FLUSH_MS, onError: (error) => this.logger.warn({ message: `unusual-access counter failed: ${String(error)}` }) },
      );
    this.requests = watch('unusual-requests', requestRateThreshold, ({ key, total }) =>
      this.report('request_rate_unusual', key, { requests: total, threshold: requestRateThreshold, windowSeconds }),
    );
    this.reads = watch('unusual-reads', dataAccessThreshold, ({ key, total }) =>
      this.report('data_access_unusual', key, { records: total, threshold: dataAccessThreshold, windowSeconds }),
    );
    this.requests.start();
    this.reads.start();
    store.beforeClose(() => Promise.all([this.requests.stop(), this.reads.stop()]));
  }

  /**
   * Adds the hooks. Must run before the routes are registered (Nest registers them in
   * `app.init()`, after building every provider; SecurityWatchModule calls this while
   * building one), so that each GET route gets its own record-counting hook.
   */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => this.countRecordsOf(route));
    fastify.addHook('onResponse', (request, reply, done) => {
      try {
        this.observe(request, reply);
      } catch (error) {
        this.logger.warn({ message: 'security watch failed', error });
      }
      done();
    });
  }

  private countRecordsOf(route: RouteOptions): void {
    const isGet = route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'));
    if (!isGet || isOperatorRoute(route.url)) return;
    const noteJson = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
      if (reply.statusCode < 300) this.recordsRead.set(request, recordsIn(payload));
      done(null, payload);
    };
    route.preSerialization = [route.preSerialization ?? [], noteJson].flat();
    const rowsOf = (route.config as Record<string, unknown> | undefined)?.[EXPORT_ROWS];
    if (typeof rowsOf !== 'function') return;
    const noteText = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
      if (reply.statusCode < 300 && typeof payload === 'string') this.recordsRead.set(request, rowsOf(payload));
      done(null, payload);
    };
    route.onSend = [route.onSend ?? [], noteText].flat();
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
    if (isOperatorRoute(route)) return;
    const user = (request as AuthenticatedRequest).user;
    const key = user ? `user:${user.id}` : `ip:${request.ip}`;
    this.requests.add(key);
    const records = this.recordsRead.get(request);
    if (records !== undefined && request.method === 'GET') this.reads.add(key, records);

    const findings = findSuspiciousInput({ path: request.url, query: request.query, body: request.body });
    if (findings.length > 0) {
      const template = request.routeOptions.url ?? null;
      const metadata = currentTraceContext()?.metadata;
      this.report('suspicious_input', key, {
        method: request.method,
        route: template,
        statusCode: reply.statusCode,
        findings,
        // The request's URL is what was suspicious: this line names its route instead.
        ...(metadata ? { metadata: { ...metadata, path: template } } : {}),
      });
    }
  }

  /** The event, naming who by the user id (a line of its own, outside any request) or the ip. */
  private report(event: SecurityEvent, key: string, context: Record<string, unknown>): void {
    const who = key.startsWith('user:') ? { userId: key.slice(5) } : { ip: key.slice(3) };
    this.security.record(event, { ...who, ...context });
  }
}
