import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventLog } from '../event-log/event-log.js';
import { ReadDatabase } from './read-database.js';

/** How far the read database (a replica, with DATABASE_READ_URL) is behind the primary. */
export interface ReplicaLagReading {
  /** Newest event position on the primary. */
  primaryHeadPosition: number;
  /** Newest event position the read database has. */
  headPosition: number;
  /** Events the primary has and the read database lacks. */
  lag: number;
  /** Age, by the primary's log, of the oldest event the read database lacks; 0 when caught up. */
  lagMs: number;
}

/**
 * Measures replica lag in the units clients use: log positions (what `minPosition` and
 * X-Read-Position speak), and time. A replica's own replay timestamp says nothing while
 * the primary is idle, and a primary's WAL position is not a log position; the event log
 * is on both, so compare the two heads, and date the first missing event on the primary.
 */
@Injectable()
export class ReplicaLag {
  constructor(
    private readonly db: ReadDatabase,
    private readonly eventLog: EventLog,
    private readonly config: AppConfig,
  ) {}

  async measure(): Promise<ReplicaLagReading> {
    // Without a replica the read connection is the primary: nothing to compare.
    if (!this.config.DATABASE_READ_URL) {
      const head = await this.eventLog.head(this.db.manager);
      return { primaryHeadPosition: head, headPosition: head, lag: 0, lagMs: 0 };
    }
    // The replica first: read after it, the primary's head is never the older one.
    const headPosition = await this.eventLog.head(this.db.manager);
    return this.db.onPrimary(async () => {
      const primaryHeadPosition = await this.eventLog.head(this.db.manager);
      if (primaryHeadPosition <= headPosition) {
        return { primaryHeadPosition, headPosition, lag: 0, lagMs: 0 };
      }
      const [oldestMissing] = await this.db.query<{ occurredAt: string }>(
        `SELECT occurred_at AS "occurredAt" FROM event_log
          WHERE position > $1 ORDER BY position LIMIT 1`,
        [headPosition],
      );
      return {
        primaryHeadPosition,
        headPosition,
        lag: primaryHeadPosition - headPosition,
        lagMs: oldestMissing ? Math.max(0, Date.now() - Date.parse(oldestMissing.occurredAt)) : 0,
      };
    });
  }
}
