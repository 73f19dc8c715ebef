import { Global, Module } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store.js';
import { IdempotencySweeper } from './idempotency-sweeper.js';

@Global()
@Module({
  providers: [IdempotencyStore, IdempotencySweeper],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
