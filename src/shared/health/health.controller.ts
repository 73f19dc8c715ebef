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
    const failing = this.projections.failing();
    if (failing.length > 0) {
      throw new ServiceUnavailableException(
        failing.map(({ name, lastError }) => `projection ${name} is failing: ${lastError}`),
      );
    }
    return { status: 'ok' };
  }
}
