import type { DataSourceOptions, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function>;

/**
 * The write connection: the only one that changes data, and the one migrations run on.
 * SQLite: WAL mode (readers never block the writer), foreign keys on, `synchronous=NORMAL`
 * (a kill -9 loses nothing that committed; only a power cut could lose the last commits).
 */
export function writeDataSourceOptions(
  config: AppConfig,
  migrations: MigrationList,
): DataSourceOptions {
  const common = {
    migrations,
    migrationsRun: config.MIGRATIONS_RUN,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
  };
  if (config.DATABASE_URL) {
    return {
      ...common,
      type: 'postgres',
      url: config.DATABASE_URL,
      parseInt8: true,
      extra: { max: 10, application_name: 'nest-cqrs-starter' },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.SQLITE_PATH,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}

/**
 * The read connection that query handlers get. It cannot write: SQLite opens the file
 * read-only; PostgreSQL makes every transaction on it read-only, and may point at a replica.
 */
export function readDataSourceOptions(config: AppConfig): DataSourceOptions {
  if (config.DATABASE_URL) {
    return {
      type: 'postgres',
      url: config.DATABASE_READ_URL ?? config.DATABASE_URL,
      parseInt8: true,
      extra: {
        max: 10,
        application_name: 'nest-cqrs-starter-read',
        options: '-c default_transaction_read_only=on',
      },
    };
  }
  return {
    type: 'better-sqlite3',
    database: config.SQLITE_PATH,
    readonly: true,
    fileMustExist: true,
    timeout: 5000,
  };
}

/**
 * The projector's own connections to the primary, PostgreSQL only (see ProjectorDatabase).
 * Two: a projection runs one batch at a time, and a rebuild's reset (or a second
 * projection) need not wait for it.
 */
export function projectorDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    parseInt8: true,
    extra: { max: 2, application_name: 'nest-cqrs-starter-projector' },
  };
}
