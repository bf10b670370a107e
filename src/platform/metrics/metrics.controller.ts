import { Controller, Get, Header, Inject, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { ApiProblems } from '../../shared/interface/api-problems.decorator.js';
import { Public } from '../../shared/interface/auth.decorators.js';
import { METRICS_TOKEN_SCHEME } from '../openapi/openapi-document.js';

/** Prometheus' scrape target: the text exposition of every metric of this process. */
@ApiTags('metrics')
@Public()
@ApiSecurity(METRICS_TOKEN_SCHEME)
@Controller('metrics')
@UseGuards(MetricsTokenGuard)
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Every metric of this process, for Prometheus to scrape',
    description: 'No access token: with METRICS_TOKEN set, `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).',
  })
  @ApiOkResponse({
    description: 'The Prometheus text exposition format.',
    content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
  })
  @ApiProblems(401)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
