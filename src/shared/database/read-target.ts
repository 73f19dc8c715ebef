import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';

/** Where ReadDatabase sends the reads of the code running now (see ReadTarget). */
export type ReadTargetKind =
  /** The open transaction of the command this code runs for: the primary, uncommitted writes included. */
  | { transaction: EntityManager }
  /** The primary, read-only: for answers that promise to be current. */
  | 'primary'
  /** The read connection (a replica when DATABASE_READ_URL is set): may lag. */
  | 'read';

const TARGET = Symbol('read-target');

/**
 * Which database a query reads, decided by who asked, not by the query handler: a public
 * query sent on the QueryBus from inside a command reads that command's own transaction,
 * so the command decides on what its transaction sees (ADR 0009). It follows the async
 * call chain (nestjs-cls, Node's AsyncLocalStorage) through the buses, so the module
 * boundary stays: the handler still injects ReadDatabase only, and never learns who asked.
 *
 * Each scope is a child context (`inherit`): the request's context (its id) is kept, and
 * the target is gone once the scope's work has returned.
 */
@Injectable()
export class ReadTarget {
  constructor(private readonly cls: ClsService) {}

  current(): ReadTargetKind {
    const scope = this.cls.get<{ target: ReadTargetKind; open: boolean } | undefined>(TARGET);
    return scope?.open ? scope.target : 'read';
  }

  /** Runs `work` with every read through ReadDatabase on `manager`'s open transaction. */
  inTransaction<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    return this.scope({ transaction: manager }, work);
  }

  /**
   * Runs `work` with every read through ReadDatabase on the primary. Inside a command it
   * changes nothing: the command's transaction is on the primary already.
   */
  onPrimary<T>(work: () => Promise<T>): Promise<T> {
    return this.current() === 'read' ? this.scope('primary', work) : work();
  }

  private scope<T>(target: ReadTargetKind, work: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      // Closed when the work is done: a promise it left running (a timer, a late callback)
      // must not read through a transaction that has committed; it reads like any query.
      const scope = { target, open: true };
      this.cls.set(TARGET, scope);
      try {
        return await work();
      } finally {
        scope.open = false;
      }
    });
  }
}
