import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PROJECTOR_CONNECTION } from './projector-connection.js';
import { WriteQueue } from './write-queue.js';

/**
 * Where projections write: every batch (view rows and checkpoint together), a rebuild's
 * reset, a recorded error.
 *
 * PostgreSQL: on connections of its own (PROJECTOR_CONNECTION), not the write pool. The
 * write pool is sized for the commands, and under write load they keep it busy: a batch
 * queued for a connection behind them, and that wait was most of the projection lag.
 * SQLite: through the WriteQueue like every other write, since the database has one writer.
 */
@Injectable()
export class ProjectorDatabase {
  constructor(
    private readonly writeQueue: WriteQueue,
    @InjectDataSource() private readonly writeConnection: DataSource,
    // Registered on PostgreSQL only (DatabaseModule).
    @Optional()
    @InjectDataSource(PROJECTOR_CONNECTION)
    private readonly ownConnection: DataSource | undefined,
  ) {}

  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ownConnection
      ? this.ownConnection.transaction(work)
      : this.writeQueue.transaction(work);
  }

  /** For reads outside a transaction, on the primary database. */
  get manager(): EntityManager {
    return (this.ownConnection ?? this.writeConnection).manager;
  }
}
