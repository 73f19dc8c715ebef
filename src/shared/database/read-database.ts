import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { plainSql } from './plain-sql.js';
import { READ_CONNECTION } from './read-connection.js';

/**
 * The only database handle a query handler gets. It is bound to the read-only connection,
 * so a query that tries to write fails at the database, not by convention.
 */
@Injectable()
export class ReadDatabase {
  constructor(@InjectDataSource(READ_CONNECTION) private readonly dataSource: DataSource) {}

  /** Starts a SELECT over `table` (a table name, not an entity: queries skip the domain). */
  select(table: string, alias: string): SelectQueryBuilder<Record<string, unknown>> {
    return this.dataSource.createQueryBuilder().from(table, alias);
  }

  /**
   * Plain SQL with numbered parameters ($1, $2, ...), for hot reads and for what a query
   * builder cannot say (see plainSql).
   */
  query<T>(sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
    return plainSql<T[]>(this.dataSource.manager, sql, parameters);
  }

  /** An EntityManager on the read-only connection, for shared read helpers. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
