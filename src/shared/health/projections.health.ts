import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import type { ProjectionStatus } from '../projections/projection-status.js';
import { ProjectionStatusReader } from '../projections/projection-status.reader.js';

/** Down while a projection keeps failing, here or on another instance (its checkpoint row). */
@Injectable()
export class ProjectionsHealthIndicator {
  private readonly logger = new Logger(ProjectionsHealthIndicator.name);

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly projections: ProjectionStatusReader,
    private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    // READ_VIEW=false: the projection runner idles, and an error left from an earlier run is moot.
    if (!this.config.READ_VIEW) return session.up({ projections: 'idle (READ_VIEW=false)' });
    // The status already merges this instance's failures with the checkpoint rows' errors.
    let statuses: ProjectionStatus[];
    try {
      statuses = await this.projections.all();
    } catch (error) {
      // Down, not thrown: a throw would turn the whole answer into "the health check failed".
      const cause = isDatabaseUnavailable(error) ? 'the database is unavailable' : 'an error';
      this.logger.warn({ err: error }, `health: cannot read the projections' status`);
      return session.down({ failing: [`projections cannot be read: ${cause}`] });
    }
    const failing = statuses.filter(({ lastError }) => lastError !== null);
    if (failing.length === 0) return session.up();
    // Public: the name only. The error may quote data or SQL; staff read it at /ops/projections.
    return session.down({ failing: failing.map(({ name }) => `projection ${name} is failing`) });
  }
}
