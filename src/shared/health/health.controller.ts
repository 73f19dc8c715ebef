import { Controller, Get, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HEALTH_CONNECTION } from '../database/health-connection.js';
import { READ_CONNECTION } from '../database/read-connection.js';
import { Access } from '../auth/access.decorator.js';
import { ErrorResponseSchema } from '../http/error-response.schema.js';
import { ProjectionsHealthIndicator } from './projections.health.js';
import { ReplicaLagHealthIndicator } from './replica-lag.health.js';

/**
 * 200 when both database connections answer and no projection is failing; 503 otherwise,
 * in the usual error shape, its message saying what is down in a few public words (never
 * an address or a stack). Never a 500: a check that throws is a failed check, and a load
 * balancer must read it as "take me out", not as a bug in the probe.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
    private readonly replicaLag: ReplicaLagHealthIndicator,
    @InjectDataSource() private readonly writeConnection: DataSource,
    @InjectDataSource(READ_CONNECTION) private readonly readConnection: DataSource,
    // PostgreSQL only: a connection of its own, so the ping never queues behind the commands
    // for one of the write pool's (SQLite's write connection does not queue).
    @Optional()
    @InjectDataSource(HEALTH_CONNECTION)
    private readonly healthConnection: DataSource | undefined,
  ) {}

  @Get()
  @Access('public')
  @ApiOperation({ summary: 'Are both database connections answering and no projection failing?' })
  @ApiOkResponse({
    description: 'Healthy: each check is listed under `info` and `details`.',
    schema: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', additionalProperties: true },
        error: { type: 'object', additionalProperties: true },
        details: { type: 'object', additionalProperties: true },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description:
      'A database connection is down, a projection is failing, a check failed, or (REPLICA_LAG_UNHEALTHY=true) the read replica is past REPLICA_MAX_LAG_MS; `message` lists short public reasons (e.g. "database is unreachable"). Never a 500.',
    type: ErrorResponseSchema,
  })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.database.pingCheck('database', {
            connection: this.healthConnection ?? this.writeConnection,
            timeout: 1500,
          }),
        () =>
          this.database.pingCheck('readDatabase', {
            connection: this.readConnection,
            timeout: 1500,
          }),
        () => this.projections.check('projections'),
        () => this.replicaLag.check('replicaLag'),
      ]);
    } catch (error) {
      throw new ServiceUnavailableException(this.publicReasons(error));
    }
  }

  /** What is down, in words fit for anyone: the details go to the log. */
  private publicReasons(error: unknown): string[] {
    if (!(error instanceof ServiceUnavailableException)) {
      this.logger.error({ err: error }, 'a health check threw: answered 503');
      return ['the health check failed'];
    }
    const { error: down = {} } = error.getResponse() as HealthCheckResult;
    return Object.entries(down).flatMap(
      ([key, detail]: [string, Record<string, unknown> | undefined]) => {
        if (Array.isArray(detail?.failing)) return detail.failing as string[];
        this.logger.warn({ check: key, detail }, `health: ${key} is down`);
        return [`${key} is unreachable`];
      },
    );
  }
}
