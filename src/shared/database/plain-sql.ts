import type { EntityManager, QueryResult } from 'typeorm';

/** A text in SQLite's form: `?` placeholders, and which parameter each one takes. */
interface SqliteText {
  sql: string;
  order: number[];
}

/** Translated texts, by their numbered form. The hot texts are few; the cap is a safeguard. */
const sqliteTexts = new Map<string, SqliteText>();
const MAX_CACHED_TEXTS = 1000;

function toSqlite(sql: string): SqliteText {
  let text = sqliteTexts.get(sql);
  if (!text) {
    const order: number[] = [];
    const native = sql.replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    text = { sql: native, order };
    if (sqliteTexts.size >= MAX_CACHED_TEXTS) sqliteTexts.clear();
    sqliteTexts.set(sql, text);
  }
  return text;
}

/**
 * Runs plain SQL on either database and answers the rows it returns (none for a write
 * without RETURNING). It is written with PostgreSQL's numbered parameters ($1,
 * $2, ...; one may appear more than once): on SQLite each becomes a `?` bound in order of
 * appearance. For hot statements: the query builder costs more than a small indexed read
 * or insert, and it inlines numbers into the SQL text on SQLite, so every insert had a new
 * text to prepare; a constant text is prepared once by TypeORM's statement cache (ADR 0008).
 * Number the parameters from $1 without gaps (PostgreSQL requires it), and keep `$` out of
 * string literals: the SQLite translation does not parse SQL.
 */
export async function plainSql<T = unknown>(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<T> {
  return (await run(manager, sql, parameters)).records as T;
}

/** Runs an UPDATE or DELETE as plainSql does, and answers how many rows it changed. */
export async function plainSqlChangedRows(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<number> {
  return (await run(manager, sql, parameters)).affected ?? 0;
}

/**
 * On the manager's transaction, or on a runner of its own as `manager.query` does. The
 * structured result is the same on both databases: `manager.query` answers an UPDATE with
 * [rows, count] on PostgreSQL and with the last rowid on SQLite.
 */
async function run(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<QueryResult> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    return await runner.query(...inDialect(manager, sql, parameters), true);
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

function inDialect(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): [string, unknown[]] {
  if (manager.connection.options.type === 'postgres') return [sql, [...parameters]];
  const text = toSqlite(sql);
  return [text.sql, text.order.map((index) => parameters[index])];
}

/** `$first, $first+1, ...`: `count` numbered parameters, e.g. for an IN list. */
export function placeholders(count: number, first = 1): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

/** `($1, $2), ($3, $4), ...`: the VALUES of a multi-row insert, `columns` per row. */
export function valuesRows(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, row) => `(${placeholders(columns, row * columns + 1)})`,
  ).join(', ');
}

/** Parameters per statement: well under PostgreSQL's limit (65,535) and SQLite's (32,766). */
const MAX_PARAMETERS_PER_STATEMENT = 10_000;

/**
 * Inserts `rows` (objects with the same keys, in the same order: the columns) with as few
 * multi-row INSERTs as the parameter limit allows. `suffix` follows the VALUES, e.g. an
 * `ON CONFLICT` clause. No rows, no statement.
 */
export async function insertRows<Row extends object>(
  manager: EntityManager,
  table: string,
  rows: readonly Row[],
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]) as (keyof Row & string)[];
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    await plainSql(
      manager,
      `INSERT INTO ${table} (${columns.join(', ')})
       VALUES ${valuesRows(chunk.length, columns.length)} ${suffix}`,
      chunk.flatMap((row) => columns.map((column) => row[column])),
    );
  }
}
