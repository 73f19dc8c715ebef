import { Global, Module } from '@nestjs/common';
import { PROJECTION_FAULTS } from '../shared/projections/projection-faults.js';
import { DemoAccounts } from './demo-accounts.js';
import { DemoController } from './demo.controller.js';
import { DemoFaults } from './demo-faults.js';
import { DemoRebuild } from './demo-rebuild.js';

/**
 * The live teaching page's server side (DEMO=true only, see AppModule): its accounts, and
 * its lesson controls. Global so the projection runner finds PROJECTION_FAULTS.
 */
@Global()
@Module({
  controllers: [DemoController],
  providers: [
    DemoAccounts,
    DemoFaults,
    DemoRebuild,
    { provide: PROJECTION_FAULTS, useExisting: DemoFaults },
  ],
  exports: [PROJECTION_FAULTS],
})
export class DemoModule {}
