import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ReadDatabase } from '../database/read-database.js';
import { ProjectionRunner } from '../projections/projection-runner.js';

/** 200 when the database answers and no projection is failing; 503 otherwise, saying why. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: ReadDatabase,
    private readonly projections: ProjectionRunner,
  ) {}

  @Get()
  async check(): Promise<{ status: 'ok' }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('database is not answering');
    }
    // Failing here, or on another instance (its error is kept on the checkpoint row).
    const failing = new Map(
      this.projections.failing().map(({ name, lastError }) => [name, lastError]),
    );
    for (const { name } of this.projections.projections) {
      const { lastError } = await this.projections.checkpointSeenByReaders(name);
      if (lastError !== null && !failing.has(name)) failing.set(name, lastError);
    }
    if (failing.size > 0) {
      throw new ServiceUnavailableException(
        [...failing].map(([name, lastError]) => `projection ${name} is failing: ${lastError}`),
      );
    }
    return { status: 'ok' };
  }
}
