import { Global, Module } from '@nestjs/common';
import { IdempotencyFingerprints } from './idempotency-fingerprints.js';
import { IdempotencyStore } from './idempotency-store.js';
import { IdempotencySweeper } from './idempotency-sweeper.js';

@Global()
@Module({
  providers: [IdempotencyStore, IdempotencySweeper, IdempotencyFingerprints],
  exports: [IdempotencyStore, IdempotencyFingerprints],
})
export class IdempotencyModule {}
