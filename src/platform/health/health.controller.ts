import { Controller, Get, Res, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DatabaseHealthIndicator } from './database.health.js';
import { DetailedHealth } from './detailed-health.js';
import { EventLoopHealthIndicator } from './event-loop.health.js';
import { HealthCheckFailedFilter } from './health-check-failed.filter.js';
import { BasicHealthResponse, DetailedHealthResponse, ProbeResponse } from './health.responses.js';
import { RedisHealthIndicator } from './redis.health.js';
import { ApiProblems } from '../../shared/interface/api-problems.decorator.js';
import { Public } from '../../shared/interface/auth.decorators.js';

/** terminus's decorator, without its OpenAPI guesses: each route documents its own answers. */
const NoCacheHealthCheck = () => HealthCheck({ noCache: true, swaggerDocumentation: false });

/**
 * Probes for orchestrators (`live`, `ready`) and views for people (`/health`,
 * `detailed`). Liveness never looks at a dependency: a database outage must not get
 * pods restarted. Readiness does, and turns 503 as soon as a SIGTERM starts the shutdown.
 */
@ApiTags('health')
@Public()
// A probe takes no input to refuse; the one 4xx it can get is the server's own, before routing.
@ApiProblems(431)
@Controller('health')
@UseFilters(HealthCheckFailedFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventLoop: EventLoopHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly detailedHealth: DetailedHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Is the process up (basic, checks nothing)' })
  @ApiOkResponse({ type: BasicHealthResponse })
  check(): BasicHealthResponse {
    return { status: 'ok', timestamp: new Date().toISOString() };
  }

  @Get('live')
  @NoCacheHealthCheck()
  @ApiOperation({
    summary: 'Liveness probe',
    description:
      'Fails (503) only when the event loop lags more than HEALTH_EVENT_LOOP_DELAY_MS: the process is wedged ' +
      'and a restart helps. Checks no dependency.',
  })
  @ApiOkResponse({ type: ProbeResponse })
  @ApiServiceUnavailableResponse({ type: ProbeResponse, description: 'The event loop is stuck.' })
  live(): HealthCheckResult {
    // Not through HealthCheckService: it answers 503 as soon as the shutdown starts, and
    // a draining process is still alive.
    const result = this.eventLoop.check('event_loop');
    if (result.event_loop.status === 'down') {
      throw new ServiceUnavailableException({ status: 'error', info: {}, error: result, details: result });
    }
    return { status: 'ok', info: result, error: {}, details: result };
  }

  @Get('ready')
  @NoCacheHealthCheck()
  @ApiOperation({
    summary: 'Readiness probe',
    description:
      'The database answers SELECT 1 within HEALTH_CHECK_TIMEOUT_MS, every migration is applied, and Redis ' +
      'answers PING when REDIS_URL is set. Answers 503 (`shutting_down`) from the start of a shutdown.',
  })
  @ApiOkResponse({ type: ProbeResponse })
  @ApiServiceUnavailableResponse({ type: ProbeResponse, description: 'A dependency is down, or the process is stopping.' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.ping('database'),
      () => this.database.migrations('migrations'),
      ...(this.redis.configured ? [() => this.redis.ping('redis')] : []),
    ]);
  }

  @Get('detailed')
  @NoCacheHealthCheck()
  @ApiOperation({
    summary: 'Every check with its numbers (SPEC-HEALTH-1)',
    description:
      '`degraded` (200) when CPU, memory or disk use passes its HEALTH_*_PERCENT threshold or a non-critical ' +
      'check fails; `unhealthy` (503) when the database is down.',
  })
  @ApiOkResponse({ type: DetailedHealthResponse })
  @ApiServiceUnavailableResponse({ type: DetailedHealthResponse, description: 'The database is down.' })
  async detailed(@Res({ passthrough: true }) reply: FastifyReply): Promise<DetailedHealthResponse> {
    const report = await this.detailedHealth.report();
    if (report.status === 'unhealthy') void reply.status(503);
    return report;
  }
}
