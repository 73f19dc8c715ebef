import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { WriteQueue } from '../database/write-queue.js';
import { IdempotencyStore } from './idempotency-store.js';

const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Deletes expired idempotency keys at start-up and every ten minutes. */
@Injectable()
export class IdempotencySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencySweeper.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly writeQueue: WriteQueue,
    private readonly store: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const swept = await this.writeQueue.transaction((manager) => this.store.sweep(manager), {
        sheddable: false,
      });
      if (swept > 0) this.logger.log(`swept ${swept} expired idempotency keys`);
      return swept;
    } catch (error) {
      this.logger.warn(`could not sweep idempotency keys: ${String(error)}`);
      return 0;
    }
  }
}
