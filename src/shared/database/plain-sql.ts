import type { EntityManager } from 'typeorm';

/**
 * Runs plain SQL on either database, written with PostgreSQL's numbered parameters ($1,
 * $2, ...; one may appear more than once): on SQLite each becomes a `?` bound in order of
 * appearance. For hot statements: the query builder costs more than a small indexed read
 * or insert, and it inlines numbers into the SQL text on SQLite, so every insert had a new
 * text to prepare; a constant text is prepared once by TypeORM's statement cache (ADR 0008).
 */
export function plainSql<T = unknown>(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<T> {
  if (manager.connection.options.type === 'postgres') {
    return manager.query<T>(sql, [...parameters]);
  }
  const bound: unknown[] = [];
  const native = sql.replace(/\$(\d+)/g, (_, n: string) => {
    bound.push(parameters[Number(n) - 1]);
    return '?';
  });
  return manager.query<T>(native, bound);
}
