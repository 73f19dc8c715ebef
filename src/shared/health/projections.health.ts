import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { ProjectionRunner } from '../projections/projection-runner.js';

/** Down while a projection keeps failing, here or on another instance (its checkpoint row). */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly projections: ProjectionRunner,
    private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    // READ_VIEW=false: the projector idles, and an error left from an earlier run is moot.
    if (!this.config.READ_VIEW) return session.up({ projector: 'idle (READ_VIEW=false)' });
    const failing = new Map(
      this.projections.failing().map(({ name, lastError }) => [name, lastError]),
    );
    for (const { name } of this.projections.projections) {
      const { lastError } = await this.projections.checkpointSeenByReaders(name);
      if (lastError !== null && !failing.has(name)) failing.set(name, lastError);
    }
    if (failing.size === 0) return session.up();
    return session.down({
      failing: [...failing].map(
        ([name, lastError]) => `projection ${name} is failing: ${lastError}`,
      ),
    });
  }
}
