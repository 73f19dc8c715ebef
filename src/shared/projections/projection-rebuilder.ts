import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProjectionReset } from './projection-reset.js';
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
 *    `rebuilding` (ProjectionReset): from then on readers answer from the write model, so a
 *    half-built view is never served;
 * 2. the view is refilled in ordinary batches (each one short, so commands never wait
 *    long for the write lock), by this process and by any running instance alike;
 * 3. the batch that reaches the head of the log clears the mark, and readers return to it.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    private readonly reset: ProjectionReset,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Answers the number of events in the log when the rebuild finished. */
  async rebuild(
    projection: Projection,
    onProgress: (progress: RebuildProgress) => void = () => {},
  ): Promise<number> {
    const total = (await this.reset.reset(projection))!;
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
