import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
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

  /** Raw SQL, for the rare read a query builder cannot say. */
  query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query<T[]>(sql, parameters);
  }

  /** An EntityManager on the read-only connection, for shared read helpers. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }
}
