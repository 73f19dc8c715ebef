import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { ProjectionStatusReader } from '../projections/projection-status.reader.js';

/** Down while a projection keeps failing, here or on another instance (its checkpoint row). */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly projections: ProjectionStatusReader,
    private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    // READ_VIEW=false: the projector idles, and an error left from an earlier run is moot.
    if (!this.config.READ_VIEW) return session.up({ projector: 'idle (READ_VIEW=false)' });
    // The status already merges this instance's failures with the checkpoint rows' errors.
    const failing = (await this.projections.all()).filter(({ lastError }) => lastError !== null);
    if (failing.length === 0) return session.up();
    return session.down({
      failing: failing.map(({ name, lastError }) => `projection ${name} is failing: ${lastError}`),
    });
  }
}
