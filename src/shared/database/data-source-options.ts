import type { DataSourceOptions, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { CONNECTION_TIMEOUT_MS } from './connection-timeout.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function>;

/**
 * The write connection: the only one that changes data, and the one migrations run on.
 * SQLite: WAL mode (readers never block the writer), foreign keys on, `synchronous=FULL` by
 * default (an acknowledged write survives a power cut: the WAL is fsynced at every commit,
 * once per commit group, see GroupCommitQueue); SQLITE_SYNCHRONOUS=normal trades that for
 * speed (a kill -9 still loses nothing; a power cut may undo the last commits).
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
      extra: {
        max: 10,
        application_name: 'nest-cqrs-starter',
        connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.SQLITE_PATH,
    enableWAL: true,
    // No busy wait: better-sqlite3 waits synchronously, the event loop stopped. The write
    // queue waits for the write lock itself, asynchronously (GroupCommitQueue.begin).
    timeout: 0,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`synchronous = ${config.SQLITE_SYNCHRONOUS === 'full' ? 'FULL' : 'NORMAL'}`);
    },
  };
}

/**
 * The read connection that query handlers get. It cannot write: SQLite opens the file
 * read-only; PostgreSQL makes every transaction on it read-only, and may point at a replica.
 */
export function readDataSourceOptions(config: AppConfig): DataSourceOptions {
  if (config.DATABASE_URL) {
    return readOnlyPostgres(
      config.DATABASE_READ_URL ?? config.DATABASE_URL,
      'nest-cqrs-starter-read',
      10,
    );
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
 * With a replica (DATABASE_READ_URL): a small read-only pool on the primary, for the reads
 * that promise to be current (GET /orders/:id, the write-model fallback of read-your-writes).
 * Small: the replica takes the other reads, and commands read inside their own transaction.
 */
export function primaryReadDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return readOnlyPostgres(databaseUrl, 'nest-cqrs-starter-primary-read', 4);
}

function readOnlyPostgres(url: string, applicationName: string, max: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    parseInt8: true,
    extra: {
      max,
      application_name: applicationName,
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      options: '-c default_transaction_read_only=on',
    },
  };
}

/**
 * The projection runner's own connections to the primary, PostgreSQL only (see ProjectionDatabase).
 * Two: a projection runs one batch at a time, and a rebuild's reset (or a second
 * projection) need not wait for it.
 */
export function projectionDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    parseInt8: true,
    extra: {
      max: 2,
      application_name: 'nest-cqrs-starter-projections',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    },
  };
}

/** The one connection /health pings on PostgreSQL (see HEALTH_CONNECTION): read-only. */
export function healthDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return readOnlyPostgres(databaseUrl, 'nest-cqrs-starter-health', 1);
}
