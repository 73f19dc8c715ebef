import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
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
import { READ_CONNECTION } from '../database/read-connection.js';
import { Access } from '../auth/access.decorator.js';
import { ErrorResponseSchema } from '../http/error-response.schema.js';
import { ProjectionsHealthIndicator } from './projections.health.js';

/**
 * 200 when both database connections answer and no projection is failing; 503 otherwise,
 * in the usual error shape, its message saying what is down.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
    @InjectDataSource() private readonly writeConnection: DataSource,
    @InjectDataSource(READ_CONNECTION) private readonly readConnection: DataSource,
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
    description: 'A database connection is down or a projection is failing; `message` says which.',
    type: ErrorResponseSchema,
  })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.database.pingCheck('database', { connection: this.writeConnection, timeout: 1500 }),
        () =>
          this.database.pingCheck('readDatabase', {
            connection: this.readConnection,
            timeout: 1500,
          }),
        () => this.projections.check('projections'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { error: down = {} } = error.getResponse() as HealthCheckResult;
      const reasons = Object.entries(down).flatMap(
        ([key, detail]: [string, Record<string, unknown> | undefined]) =>
          Array.isArray(detail?.failing)
            ? (detail.failing as string[])
            : [
                `${key} is down: ${typeof detail?.message === 'string' ? detail.message : 'no answer'}`,
              ],
      );
      throw new ServiceUnavailableException(reasons);
    }
  }
}
