import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppConfig } from '../shared/config/app-config.js';
import { Access } from '../shared/auth/access.decorator.js';
import { ErrorResponseSchema } from '../shared/http/error-response.schema.js';
import { ApiJsonBodyErrors, ApiRateLimited } from '../shared/http/openapi.decorators.js';
import { DemoFaults } from './demo-faults.js';
import { DemoRebuild } from './demo-rebuild.js';
import { DemoStateSchema } from './demo-state.schema.js';
import { SetProjectorFaultsRequest } from './set-projector-faults.request.js';

/**
 * The lesson buttons of /demo: slow down or break the projector, rebuild the view.
 * Registered only with DEMO=true (without it these routes are 404), and staff only.
 */
@ApiTags('demo')
@ApiRateLimited()
@Controller('ops/demo')
export class DemoController {
  constructor(
    private readonly config: AppConfig,
    private readonly faults: DemoFaults,
    private readonly rebuild: DemoRebuild,
  ) {}

  @Get()
  @Access('staff')
  @ApiOperation({ summary: 'DEMO=true only: the lesson controls and the READ_VIEW level' })
  @ApiOkResponse({ type: DemoStateSchema })
  state(): DemoStateSchema {
    return {
      readView: this.config.READ_VIEW,
      readWaitMs: this.config.READ_WAIT_MS,
      projector: this.faults.current,
      rebuild: this.rebuild.current,
    };
  }

  @Put('projector')
  @Access('staff')
  @ApiOperation({
    summary: 'DEMO=true only: slow down (delayMs per batch) or break (broken) the projector',
  })
  @ApiJsonBodyErrors()
  @ApiBadRequestResponse({
    description: 'delayMs or broken is missing or out of range.',
    type: ErrorResponseSchema,
  })
  @ApiOkResponse({ type: DemoStateSchema })
  setProjector(@Body() request: SetProjectorFaultsRequest): DemoStateSchema {
    this.faults.set({ delayMs: request.delayMs, broken: request.broken });
    return this.state();
  }

  @Post('rebuild')
  @Access('staff')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'DEMO=true only: rebuild the read view from the event log, in the background',
    description:
      'Answers at once; GET /ops/demo shows the progress. Commands keep working meanwhile, and queries read the write model until it is done.',
  })
  @ApiAcceptedResponse({ type: DemoStateSchema })
  @ApiConflictResponse({ description: 'A rebuild is running already.', type: ErrorResponseSchema })
  startRebuild(): DemoStateSchema {
    this.rebuild.start();
    return this.state();
  }
}
