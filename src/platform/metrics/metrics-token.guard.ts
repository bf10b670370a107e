import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

const BEARER = /^Bearer +(\S+) *$/i;
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * With METRICS_TOKEN set, `/metrics` answers only `Authorization: Bearer <token>`; anything
 * else is a 401 problem. The token is compared as a SHA-256 digest in constant time, so
 * neither its content nor its length shows in the response time.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.metrics.token === undefined ? null : digest(config.metrics.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<FastifyRequest>().headers.authorization;
    const given = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (given !== undefined && timingSafeEqual(digest(given), this.expected)) return true;
    void http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException('GET /metrics needs the header Authorization: Bearer <METRICS_TOKEN>');
  }
}
