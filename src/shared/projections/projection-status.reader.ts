import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../database/read-database.js';
import { ReplicaLag } from '../database/replica-lag.js';
import { EventLog } from '../event-log/event-log.js';
import { ProjectionCheckpoints } from './projection-checkpoints.js';
import { ProjectionRunner } from './projection-runner.js';
import type { ProjectionStatus } from './projection-status.js';

/**
 * Position, lag and errors of every projection, read on the primary (where the projection runner
 * writes: a lagging replica would hide its lag), with what the read database shows of it
 * (a replica's lag behind the primary), all read-only.
 */
@Injectable()
export class ProjectionStatusReader {
  constructor(
    private readonly db: ReadDatabase,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly runner: ProjectionRunner,
    private readonly replicaLag: ReplicaLag,
  ) {}

  async all(): Promise<ProjectionStatus[]> {
    const { headPosition, lag, lagMs } = await this.replicaLag.measure();
    const readPositions = await Promise.all(
      this.runner.projections.map(
        async ({ name }) => (await this.checkpoints.read(this.db.manager, name)).position,
      ),
    );
    return this.db.onPrimary(() =>
      this.statusesOnPrimary({ headPosition, lag, lagMs }, readPositions),
    );
  }

  private async statusesOnPrimary(
    replica: Omit<ProjectionStatus['readDatabase'], 'position'>,
    readPositions: number[],
  ): Promise<ProjectionStatus[]> {
    const headPosition = await this.eventLog.head(this.db.manager);
    const failingHere = new Map(this.runner.failing().map((f) => [f.name, f.lastError]));
    return Promise.all(
      this.runner.projections.map(async ({ name }, index) => {
        const checkpoint = await this.checkpoints.read(this.db.manager, name);
        const oldestUnapplied = await this.db
          .select('event_log', 'e')
          .select('e.occurred_at', 'occurredAt')
          .where('e.position > :position', { position: checkpoint.position })
          .orderBy('e.position', 'ASC')
          .limit(1)
          .getRawOne<{ occurredAt: string }>();
        return {
          name,
          position: checkpoint.position,
          headPosition,
          lag: Math.max(0, headPosition - checkpoint.position),
          lagMs: oldestUnapplied
            ? Math.max(0, Date.now() - Date.parse(oldestUnapplied.occurredAt))
            : 0,
          lastError: failingHere.get(name) ?? checkpoint.lastError,
          rebuilding: checkpoint.rebuilding,
          updatedAt: checkpoint.updatedAt,
          readDatabase: { ...replica, position: readPositions[index] },
        };
      }),
    );
  }
}
