import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WriteQueue } from '../database/write-queue.js';
import { EventLog } from '../event-log/event-log.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import type { Projection } from './projection.js';

const REBUILD_BATCH_SIZE = 2000;

export interface RebuildProgress {
  applied: number;
  total: number;
}

/**
 * Rebuilds a view from position 0 of the log, in ONE transaction: readers keep seeing the
 * old view until the new one commits whole, so a half-built view is never served, and a
 * rebuild that fails or is killed leaves the old view as it was. On PostgreSQL it holds the
 * checkpoint row lock, so running instances skip the projection until it is done; on
 * SQLite it holds the single writer lock, so the app's commands wait for it.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writeQueue: WriteQueue,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
  ) {}

  async rebuild(
    projection: Projection,
    onProgress: (progress: RebuildProgress) => void = () => {},
  ): Promise<number> {
    return this.writeQueue.run(() =>
      this.dataSource.transaction(async (manager) => {
        await this.checkpoints.ensure(manager, projection.name);
        if (manager.connection.options.type === 'postgres') {
          await manager.query(
            'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
            [projection.name],
          );
        }
        const total = await this.eventLog.head(manager);
        await projection.clear(manager);
        let applied = 0;
        let position = 0;
        onProgress({ applied, total });
        for (;;) {
          const events = await this.eventLog.readAfter(manager, position, REBUILD_BATCH_SIZE);
          if (events.length === 0) break;
          for (const event of events) await projection.apply(manager, event);
          position = events.at(-1)!.position;
          applied += events.length;
          onProgress({ applied, total: Math.max(total, position) });
        }
        await this.checkpoints.advance(manager, projection.name, position);
        return applied;
      }),
    );
  }
}
