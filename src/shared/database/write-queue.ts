import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Mutex } from 'async-mutex';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/**
 * Every write transaction of the app goes through here, but the projector's on PostgreSQL
 * (they have connections of their own, see ProjectorDatabase).
 *
 * SQLite has one writer, and TypeORM's better-sqlite3 driver shares a single query runner:
 * a second `transaction()` started while one is open silently becomes a SAVEPOINT inside
 * it, so one command's rollback can undo another's acknowledged writes. On SQLite the
 * queue therefore runs one transaction at a time, and starts each with BEGIN IMMEDIATE:
 * the write lock is taken up front, so a writer in another process (the rebuild CLI)
 * makes us wait (busy timeout) instead of failing with SQLITE_BUSY halfway through.
 * PostgreSQL gives every transaction its own pooled connection: all run at once.
 */
@Injectable()
export class WriteQueue {
  private readonly mutex: Mutex | undefined;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.mutex = config.database === 'sqlite' ? new Mutex() : undefined;
  }

  /** Runs `work` in one write transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.mutex
      ? this.mutex.runExclusive(() => this.immediateTransaction(work))
      : this.dataSource.transaction(work);
  }

  /** Runs `work` alone (SQLite) for writes that need no transaction of their own. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.runExclusive(work) : work();
  }

  private async immediateTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.query('BEGIN IMMEDIATE');
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK');
      throw error;
    }
  }
}
