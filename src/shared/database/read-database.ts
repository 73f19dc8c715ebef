import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { plainSql } from './plain-sql.js';
import { PRIMARY_READ_CONNECTION } from './primary-read-connection.js';
import { READ_CONNECTION } from './read-connection.js';
import { ReadTarget } from './read-target.js';

/**
 * The only database handle a query handler gets. Where a read goes is decided by who asked
 * (ReadTarget, ADR 0009):
 * - a query sent from inside a command reads that command's own transaction, on the
 *   primary: the command decides on the data its transaction sees;
 * - inside `onPrimary` (the reads that promise to be current: GET /orders/:id, the
 *   write-model fallback of read-your-writes), a read-only connection to the primary;
 * - otherwise the read-only connection, a replica when DATABASE_READ_URL is set.
 * The two read-only connections fail any write at the database, not by convention.
 */
@Injectable()
export class ReadDatabase {
  private readonly primary: DataSource;

  constructor(
    @InjectDataSource(READ_CONNECTION) private readonly read: DataSource,
    private readonly target: ReadTarget,
    // Registered only with a replica (DatabaseModule); otherwise the read connection is on the primary.
    @Optional()
    @InjectDataSource(PRIMARY_READ_CONNECTION)
    primaryRead: DataSource | undefined,
  ) {
    this.primary = primaryRead ?? read;
  }

  /** Starts a SELECT over `table` (a table name, not an entity: queries skip the domain). */
  select(table: string, alias: string): SelectQueryBuilder<Record<string, unknown>> {
    return this.manager.createQueryBuilder().from(table, alias);
  }

  /**
   * Plain SQL with numbered parameters ($1, $2, ...), for hot reads and for what a query
   * builder cannot say (see plainSql).
   */
  query<T>(sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
    return plainSql<T[]>(this.manager, sql, parameters);
  }

  /** An EntityManager on the database this read goes to, for shared read helpers. */
  get manager(): EntityManager {
    const target = this.target.current();
    if (target === 'read') return this.read.manager;
    if (target === 'primary') return this.primary.manager;
    return target.transaction;
  }

  /**
   * Runs `work` with every read through ReadDatabase on the primary, the reads of other
   * modules' public queries it sends included: for answers that must include every
   * acknowledged write. Use it only where that is promised: the replica is there to take
   * the other reads off the primary.
   */
  onPrimary<T>(work: () => Promise<T>): Promise<T> {
    return this.target.onPrimary(work);
  }
}
