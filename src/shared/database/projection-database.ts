import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PROJECTION_CONNECTION } from './projection-connection.js';
import { READ_CONNECTION } from './read-connection.js';
import type { JobOptions } from './group-commit-queue.js';
import { WriteQueue } from './write-queue.js';

/**
 * Where projections write: every batch (view rows and checkpoint together), a rebuild's
 * reset, a recorded error.
 *
 * PostgreSQL: on connections of its own (PROJECTION_CONNECTION), not the write pool. The
 * write pool is sized for the commands, and under write load they keep it busy: a batch
 * queued for a connection behind them, and that wait was most of the projection lag.
 * SQLite: through the WriteQueue like every other write, since the database has one writer.
 */
@Injectable()
export class ProjectionDatabase {
  constructor(
    private readonly writeQueue: WriteQueue,
    // SQLite's read-only connection: it sees committed data only, never a write group the
    // queue has open (the write connection does, between its commands).
    @InjectDataSource(READ_CONNECTION) private readonly readConnection: DataSource,
    // Registered on PostgreSQL only (DatabaseModule).
    @Optional()
    @InjectDataSource(PROJECTION_CONNECTION)
    private readonly ownConnection: DataSource | undefined,
  ) {}

  /**
   * Runs `work` in one transaction; commits if it resolves, rolls back if it throws. On
   * SQLite, `ahead` lets it go ahead of the commands waiting in the write queue (see
   * JobOptions): for the runner's first batch after a wake-up only.
   */
  transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    { ahead = false }: Pick<JobOptions, 'ahead'> = {},
  ): Promise<T> {
    return this.ownConnection
      ? this.ownConnection.transaction(work)
      : this.writeQueue.transaction(work, { sheddable: false, ahead }); // never dropped under load
  }

  /** For reads outside a transaction, of committed data on the primary database. */
  get manager(): EntityManager {
    return (this.ownConnection ?? this.readConnection).manager;
  }
}
