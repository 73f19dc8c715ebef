import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ReadDatabase } from '../database/read-database.js';
import { EventLog } from '../event-log/event-log.js';
import { ProjectionRunner } from './projection-runner.js';
import type { ViewCheckpoint } from './view-checkpoint.js';

/** An answer, with what it reflects (sent as X-Read-Position) and where it came from (X-Read-Source). */
export interface ReadAnswer<T> {
  answer: T;
  /** The log position the answer reflects at least. */
  readPosition: number;
  source: 'view' | 'write-model';
}

/**
 * The read side's rule, the same for every query backed by a read view:
 *
 * - READ_VIEW=true: answer from the view, unless it is being rebuilt (never serve a
 *   half-built view) or is behind `minPosition` (read-your-writes: wait up to READ_WAIT_MS
 *   for it first). The view's read carries its checkpoint (CHECKPOINT_COLUMNS); a read that
 *   found no row has none, and is answered by the write model, which is never behind.
 * - Otherwise, or as the fallback: from the write tables. With `minPosition` on the
 *   primary, which holds the write for sure (a replica's copy may lack it); without it on
 *   the read connection, so the answer may be as old as the replica.
 */
@Injectable()
export class ViewOrWriteModel {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly db: ReadDatabase,
    private readonly eventLog: EventLog,
    private readonly config: AppConfig,
  ) {}

  async read<T>(
    view: string,
    minPosition: number | undefined,
    fromView: () => Promise<{ checkpoint: ViewCheckpoint | null; answer: T }>,
    fromWriteModel: () => Promise<T>,
  ): Promise<ReadAnswer<T>> {
    if (this.config.READ_VIEW) {
      if (minPosition !== undefined) {
        await this.runner.waitFor(view, minPosition, this.config.READ_WAIT_MS);
      }
      const { checkpoint, answer } = await fromView();
      if (checkpoint && !checkpoint.rebuilding && checkpoint.position >= (minPosition ?? 0)) {
        return { answer, readPosition: checkpoint.position, source: 'view' };
      }
    }
    // Read the head first: the rows read after it reflect at least that position.
    return this.current(minPosition, async () => {
      const readPosition = await this.eventLog.head(this.db.manager);
      return { answer: await fromWriteModel(), readPosition, source: 'write-model' as const };
    });
  }

  /** The promise of minPosition is kept by the primary: a replica's copy may lack the write. */
  current<T>(minPosition: number | undefined, read: () => Promise<T>): Promise<T> {
    return minPosition === undefined ? read() : this.db.onPrimary(read);
  }
}
