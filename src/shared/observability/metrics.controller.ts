import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { ApiRateLimited } from '../http/openapi.decorators.js';
import { Metrics } from './metrics.js';

/** Prometheus scrapes here. */
@ApiTags('operations')
@ApiRateLimited() // the rate limit covers every route but /health
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Access('staff')
  @ApiOperation({
    summary: 'Prometheus metrics: command, query and HTTP durations, log head, projection lag',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
