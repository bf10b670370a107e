import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { type ProblemDocument, TYPE_PREFIX } from '../../shared/interface/problem-details.js';
import type { ProblemObserver } from '../../shared/interface/problem-observer.js';
import { onFrameworkAnswer } from '../http/framework-problems.js';
import { isOperatorRoute } from '../http/operator-routes.js';
import { counterProvider, histogramProvider } from './metric-providers.js';

/** p95 at 2 s and at 10 s (SPEC-ALERT-2) fall on bucket bounds. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30];

/** The `route` of requests no route matched: raw paths would make one series per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** `method` label values; anything else (PROPFIND, ...) is `OTHER`, so the set stays bounded. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'];
const OTHER_METHOD = METHODS.length - 1;

/**
 * The `type` label of an error: the name after `urn:process-todo:problem:`
 * (`validation-error`, `task-not-found`, ...); `internal` for a 5xx `about:blank`,
 * `other` for a 4xx one.
 */
export function problemTypeLabel({ type, status }: Pick<ProblemDocument, 'type' | 'status'>): string {
  if (type.startsWith(TYPE_PREFIX)) return type.slice(TYPE_PREFIX.length);
  return status >= 500 ? 'internal' : 'other';
}

const LABELS = ['method', 'route', 'status_code'] as const;

/** The metrics HttpMetrics injects, on the app's registry. */
export const HTTP_METRIC_PROVIDERS = [
  histogramProvider({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to the response finishing, by route template and status.',
    labelNames: LABELS,
    buckets: HTTP_DURATION_BUCKETS,
  }),
  counterProvider({ name: 'http_requests_total', help: 'Responses sent, by route template and status.', labelNames: LABELS }),
  counterProvider({
    name: 'http_errors_total',
    help: 'Responses with status >= 400, by status and problem type.',
    labelNames: ['status_code', 'type'],
  }),
];

interface Series {
  readonly duration: Histogram.Internal<string>;
  readonly total: Counter.Internal;
}

/**
 * HTTP traffic by route template (SPEC-SLI-1, 2, 3): `http_request_duration_seconds`,
 * `http_requests_total` and `http_errors_total`, measured in Fastify's `onResponse`, when
 * the status the client got is final: 201s, 404s of unknown routes and 400s of bodies
 * that did not parse included, which an interceptor would miss or misreport.
 *
 * Each route gets its own hook, made when the route is registered and holding the route
 * template, so a request costs no route lookup; `/metrics` and `/health*` get none. The
 * problem filter tells it each problem's type (ProblemObserver), read back when the
 * response is counted.
 */
@Injectable()
export class HttpMetrics implements ProblemObserver {
  private readonly problemTypes = new WeakMap<FastifyRequest, string>();

  constructor(
    @InjectMetric('http_request_duration_seconds') private readonly duration: Histogram<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_requests_total') private readonly requests: Counter<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_errors_total') private readonly errors: Counter<'status_code' | 'type'>,
    // Nest builds the providers before app.init() registers the routes, which is when the
    // per-route hooks must be in place; an application context has no HTTP adapter.
    @Optional() host?: HttpAdapterHost,
  ) {
    const fastify = host?.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) this.attach(fastify);
  }

  /**
   * Adds the hooks. Must run before the routes are registered: Nest registers them in
   * `app.init()`, after it has built every provider, and the constructor calls this. Fastify
   * applies the global hook to every route at `ready()`.
   */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      // The scrape itself and the probes would swamp the traffic they are meant to watch.
      if (isOperatorRoute(route.url)) return;
      const recorder = new RouteRecorder(this, route.url);
      const own = route.onResponse;
      route.onResponse = own === undefined ? [recorder.hook] : [own, recorder.hook].flat();
    });
    const unmatched = new RouteRecorder(this, UNMATCHED_ROUTE);
    fastify.addHook('onResponse', (request, reply, done) => {
      if (request.is404) unmatched.hook(request, reply, done);
      else done();
    });
    // A path Fastify cannot decode is answered before routing, with no hook run.
    onFrameworkAnswer(fastify, (request, reply, problem) => {
      this.problemSent(request, problem);
      unmatched.hook(request, reply, () => undefined);
    });
  }

  problemSent(request: FastifyRequest, problem: ProblemDocument): void {
    this.problemTypes.set(request, problemTypeLabel(problem));
  }

  /** The two series of one (method, route, status); made once, then reused. */
  series(method: string, route: string, statusCode: number): Series {
    const status = String(statusCode);
    return {
      duration: this.duration.labels(method, route, status),
      total: this.requests.labels(method, route, status),
    };
  }

  countError(request: FastifyRequest, statusCode: number): void {
    const type = this.problemTypes.get(request) ?? (statusCode >= 500 ? 'internal' : 'other');
    this.errors.inc({ status_code: String(statusCode), type });
  }
}

/** The measuring hook of one route, with the series it has seen so far. */
class RouteRecorder {
  /** By `statusCode * 8 + method index`: a number key, so a request builds no string. */
  private readonly seen = new Map<number, Series>();

  constructor(
    private readonly metrics: HttpMetrics,
    private readonly route: string,
  ) {}

  readonly hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    try {
      this.record(request, reply);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  };

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    let method = METHODS.indexOf(request.method);
    if (method < 0) method = OTHER_METHOD;
    const key = status * METHODS.length + method;
    let series = this.seen.get(key);
    if (series === undefined) {
      series = this.metrics.series(METHODS[method]!, this.route, status);
      this.seen.set(key, series);
    }
    series.duration.observe(reply.elapsedTime / 1000);
    series.total.inc();
    if (status >= 400) this.metrics.countError(request, status);
  }
}
