import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiRateLimited, ApiUnavailable } from '../http/openapi.decorators.js';
import { ProjectionStatusReader } from './projection-status.reader.js';
import type { ProjectionStatus } from './projection-status.js';
import { ProjectionStatusSchema } from './projection-status.schema.js';

/** Operations view of the read side: how far behind the log each projection is. */
@ApiTags('operations')
@ApiRateLimited()
@ApiUnavailable()
@Controller('ops/projections')
export class ProjectionsController {
  constructor(private readonly status: ProjectionStatusReader) {}

  @Get()
  @Access('staff')
  @ApiOperation({ summary: 'How far behind the event log each projection is' })
  @ApiOkResponse({ description: 'Every projection.', type: [ProjectionStatusSchema] })
  list(): Promise<ProjectionStatus[]> {
    return this.status.all();
  }
}
