import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsController } from '../projections/projections.controller.js';
import { HealthController } from './health.controller.js';
import { ProjectionsHealthIndicator } from './projections.health.js';
import { ReplicaLagHealthIndicator } from './replica-lag.health.js';

/** How the app is doing, over HTTP: GET /health (for load balancers) and GET /ops/projections. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, ProjectionsController],
  providers: [ProjectionsHealthIndicator, ReplicaLagHealthIndicator],
})
export class HealthModule {}
