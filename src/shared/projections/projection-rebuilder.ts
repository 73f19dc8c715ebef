import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProjectorDatabase } from '../database/projector-database.js';
import { EventLog } from '../event-log/event-log.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import { ProjectionRunner } from './projection-runner.js';
import type { Projection } from './projection.js';

const REBUILD_BATCH_SIZE = 1000;

export interface RebuildProgress {
  applied: number;
  total: number;
}

/**
 * Rebuilds a view from position 0 of the log while the app keeps running:
 *
 * 1. one short transaction empties the view, sets the checkpoint to 0 and marks it
 *    `rebuilding`: from then on readers answer from the write model, so a half-built view
 *    is never served;
 * 2. the view is refilled in ordinary batches (each one short, so commands never wait
 *    long for the write lock), by this process and by any running instance alike;
 * 3. the batch that reaches the head of the log clears the mark, and readers return to it.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    private readonly database: ProjectorDatabase,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Answers the number of events in the log when the rebuild finished. */
  async rebuild(
    projection: Projection,
    onProgress: (progress: RebuildProgress) => void = () => {},
  ): Promise<number> {
    const total = await this.database.transaction(async (manager) => {
      await this.checkpoints.ensure(manager, projection.name);
      await this.checkpoints.lock(manager, projection.name, { skipIfLocked: false });
      await projection.clear(manager);
      await this.checkpoints.advance(manager, projection.name, 0, { rebuilding: true });
      return this.eventLog.head(manager);
    });
    onProgress({ applied: 0, total });
    for (;;) {
      const applied = await this.runner.applyBatch(projection, REBUILD_BATCH_SIZE);
      const { position, rebuilding } = await this.runner.checkpoint(projection.name);
      onProgress({ applied: position, total: Math.max(total, position) });
      if (!rebuilding) return position;
      if (applied === 0) await sleep(20); // another instance holds the batch lock
    }
  }
}
