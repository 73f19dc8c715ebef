import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { GroupCommitQueue, type JobOptions } from './group-commit-queue.js';

/** The better-sqlite3 handle under TypeORM's driver: it knows whether a transaction is open. */
interface SqliteDriver {
  databaseConnection: { inTransaction: boolean };
}

/**
 * Every write transaction of the app goes through here, but the projection runner's on PostgreSQL
 * (they have connections of their own, see ProjectionDatabase).
 *
 * SQLite has one writer, and TypeORM's better-sqlite3 driver shares a single query runner:
 * a second `transaction()` started while one is open silently becomes a SAVEPOINT inside
 * it, so one command's rollback could undo another's acknowledged writes. On SQLite the
 * writes therefore go through a GroupCommitQueue: one transaction at a time, the commands
 * waiting meanwhile committed together (each in its own savepoint), the event loop served
 * between groups, and excess writes refused with 503 (ADR 0011).
 * PostgreSQL gives every transaction its own pooled connection: all run at once.
 */
@Injectable()
export class WriteQueue {
  private readonly queue: GroupCommitQueue | undefined;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.queue =
      config.database === 'sqlite'
        ? new GroupCommitQueue(
            dataSource.createQueryRunner(),
            () => (dataSource.driver as unknown as SqliteDriver).databaseConnection.inTransaction,
            {
              maxWaitMs: config.WRITE_QUEUE_MAX_WAIT_MS,
              maxLength: config.WRITE_QUEUE_MAX_LENGTH,
              maxGroupMs: config.WRITE_GROUP_MAX_MS,
            },
          )
        : undefined;
  }

  /**
   * Runs `work` in a write transaction: it commits if `work` resolves, and is undone if it
   * throws. On SQLite the transaction may be shared with other commands (group commit), each
   * isolated in its own savepoint; the promise settles only after the COMMIT.
   * @throws WriteQueueFullError (503) on SQLite when the queue is full or too slow, unless
   *   `sheddable` is false (background work that must not be dropped)
   */
  transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    options: JobOptions = { sheddable: true },
  ): Promise<T> {
    return this.queue ? this.queue.enqueue(work, options) : this.dataSource.transaction(work);
  }

  /** Runs `work` alone among the writes (on SQLite, inside the queue's transaction). */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue ? this.queue.enqueue(() => work(), { sheddable: false }) : work();
  }

  /** Writes waiting to start (SQLite; always 0 on PostgreSQL, where the pool queues). */
  get waiting(): number {
    return this.queue?.length ?? 0;
  }

  /** Writes refused with 503 since start-up because the queue was full (SQLite). */
  get shedCount(): number {
    return this.queue?.shedCount ?? 0;
  }
}
