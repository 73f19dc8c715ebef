import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsHealthIndicator } from '../health/projections.health.js';
import { HealthController } from '../health/health.controller.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import { ProjectionRebuilder } from './projection-rebuilder.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionStatusReader } from './projection-status.reader.js';
import { ProjectionsController } from './projections.controller.js';

/** Runs every provider marked @Projector() against the event log, and reports on them. */
@Global()
@Module({
  imports: [DiscoveryModule, TerminusModule.forRoot({ logger: false })],
  controllers: [ProjectionsController, HealthController],
  providers: [
    ProjectionsHealthIndicator,
    ProjectionCheckpoints,
    ProjectionRunner,
    ProjectionRebuilder,
    ProjectionStatusReader,
  ],
  exports: [ProjectionRunner, ProjectionRebuilder, ProjectionStatusReader],
})
export class ProjectionsModule {}
