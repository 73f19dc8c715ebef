import { Controller, Get } from '@nestjs/common';
import { ProjectionStatusReader } from './projection-status.reader.js';
import type { ProjectionStatus } from './projection-status.js';

/** Operations view of the read side: how far behind the log each projection is. */
@Controller('ops/projections')
export class ProjectionsController {
  constructor(private readonly status: ProjectionStatusReader) {}

  @Get()
  list(): Promise<ProjectionStatus[]> {
    return this.status.all();
  }
}
