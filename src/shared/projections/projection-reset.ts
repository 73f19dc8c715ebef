import { Injectable } from '@nestjs/common';
import { ProjectionDatabase } from '../database/projection-database.js';
import { EventLog } from '../event-log/event-log.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import type { Projection } from './projection.js';

/**
 * The first step of a rebuild, in one short transaction: lock the checkpoint row (on
 * PostgreSQL `FOR UPDATE`, waiting for a batch in progress), empty the view, set the
 * checkpoint to 0 at the projection's version and mark it `rebuilding` (unless the log is
 * empty: nothing to rebuild). From its commit on, readers use the write model; the runner's
 * ordinary batches refill the view, and the one that reaches the head clears the mark.
 */
@Injectable()
export class ProjectionReset {
  constructor(
    private readonly database: ProjectionDatabase,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
  ) {}

  /**
   * Answers the head of the log at the reset, or null when `onlyIfOutdated` and the view was
   * built by this version of the projection or a later one (an instance of the previous
   * release, during a rolling deploy: it must not undo the new one). The check runs under the
   * row lock, so of several instances starting together only the first resets the view, once.
   */
  reset(projection: Projection, { onlyIfOutdated = false } = {}): Promise<number | null> {
    return this.database.transaction(async (manager) => {
      await this.checkpoints.ensure(manager, projection.name);
      const checkpoint = await this.checkpoints.lock(manager, projection.name, {
        skipIfLocked: false,
      });
      if (onlyIfOutdated && checkpoint!.version >= projection.version) return null;
      await projection.clear(manager);
      const head = await this.eventLog.head(manager);
      await this.checkpoints.advance(manager, projection.name, 0, { rebuilding: head > 0 });
      await this.checkpoints.setVersion(manager, projection.name, projection.version);
      return head;
    });
  }
}
