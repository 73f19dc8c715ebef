import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventLogListener } from './event-log-listener.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import { ProjectionRebuilder } from './projection-rebuilder.js';
import { ProjectionReset } from './projection-reset.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionStatusReader } from './projection-status.reader.js';
import { ViewOrWriteModel } from './view-or-write-model.js';

/**
 * Runs every provider marked @Projection() against the event log. No HTTP here (HealthModule
 * reports on it): the CLIs run it without loading the HTTP layer.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    ProjectionCheckpoints,
    ProjectionRunner,
    ProjectionRebuilder,
    ProjectionReset,
    ProjectionStatusReader,
    EventLogListener,
    ViewOrWriteModel,
  ],
  exports: [ProjectionRunner, ProjectionRebuilder, ProjectionStatusReader, ViewOrWriteModel],
})
export class ProjectionsModule {}
