import { Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { AppConfig } from '../config/app-config.js';

/**
 * Runs write transactions one at a time on SQLite.
 *
 * SQLite has one writer, and TypeORM's better-sqlite3 driver shares a single query runner:
 * a second `transaction()` started while one is open silently becomes a SAVEPOINT inside
 * it, so one command's rollback can undo another's acknowledged writes. Queuing the
 * transactions here makes each one real. PostgreSQL gives every transaction its own
 * pooled connection, so there the queue lets everything through at once.
 */
@Injectable()
export class WriteQueue {
  private readonly mutex: Mutex | undefined;

  constructor(config: AppConfig) {
    this.mutex = config.database === 'sqlite' ? new Mutex() : undefined;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.runExclusive(work) : work();
  }
}
