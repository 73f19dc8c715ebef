import 'reflect-metadata';
import type { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { CommandBus, CqrsModule, EventBus, type IEvent, QueryBus } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Subscription } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { migrations } from '../../src/migrations/migrations.js';
import { type AppConfig, loadConfig } from '../../src/shared/config/app-config.js';
import { AuthModule } from '../../src/shared/auth/auth.module.js';
import { ConfigModule } from '../../src/shared/config/config.module.js';
import { DatabaseModule } from '../../src/shared/database/database.module.js';
import { WriteQueue } from '../../src/shared/database/write-queue.js';
import { IdempotencyModule } from '../../src/shared/idempotency/idempotency.module.js';
import { ClsModule } from 'nestjs-cls';
import { ProjectionsModule } from '../../src/shared/projections/projections.module.js';
import { createTestDatabase, TEST_DB } from './test-database.js';

type Import = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

export interface HandlerTestModuleOptions {
  /** The module under test, e.g. `[CatalogModule]`. Never another module's internals. */
  imports?: Import[];
  /** Extra providers: fakes of other modules' public queries, probes (@EventsHandler). */
  providers?: Provider[];
  /**
   * Configuration overrides (environment variable names), or a function of the fresh
   * database's own variables (e.g. to name it again as DATABASE_READ_URL).
   */
  env?: Record<string, string> | ((database: Record<string, string>) => Record<string, string>);
}

/** One row of `event_log`, its payload parsed. */
export interface EventLogRow {
  position: number;
  eventId: string;
  type: string;
  streamId: string;
  payload: unknown;
  occurredAt: string;
}

export interface HandlerTestModule {
  moduleRef: TestingModule;
  commandBus: CommandBus;
  queryBus: QueryBus;
  eventBus: EventBus;
  /** The write DataSource (the one UnitOfWork uses). */
  dataSource: DataSource;
  config: AppConfig;
  database: 'sqlite' | 'postgres';
  /**
   * Raw SQL on the write connection; `?` placeholders (every `?`) work on both databases.
   * It waits its turn in the WriteQueue, so on SQLite it never lands inside a transaction
   * of the app's.
   */
  sql<T = Record<string, unknown>>(text: string, parameters?: unknown[]): Promise<T[]>;
  /** `SELECT COUNT(*)` of a table, as a number. */
  count(table: string): Promise<number>;
  /** The whole event log in position order, payloads parsed. */
  eventLog(): Promise<EventLogRow[]>;
  /** The event log entries of one stream (aggregate id). */
  eventsOf(streamId: string): Promise<EventLogRow[]>;
  /**
   * What happened, in order, recorded as it happened: `commit` and `rollback` of write
   * transactions (every one goes through the WriteQueue), and
   * `publish <type>` when an event reaches the EventBus. A projection runner's own transactions show
   * too: specs that check the timeline of a module with one set READ_VIEW=false.
   */
  timeline: string[];
  /** Every event published on the EventBus, in order. */
  published: IEvent[];
  /** Empties `timeline` and `published` (call it in `beforeEach`). */
  clearRecords(): void;
  /** Closes the module (and its connections) and deletes the database. */
  close(): Promise<void>;
}

/**
 * A Nest testing module for handler specs: configuration, the buses, both database
 * connections on a fresh database (a temporary SQLite file, or a throwaway PostgreSQL
 * database under TEST_DB=postgres) with the migrations run, the shared modules AppModule
 * imports too (idempotency, projections), and the given module(s). No HTTP: specs talk to
 * the CommandBus and QueryBus, and read rows back through SQL. Everything else the app has
 * is left out, other modules included: fake them at their public queries (see
 * fake-public-queries.ts).
 */
export async function createHandlerTestModule({
  imports = [],
  providers = [],
  env = {},
}: HandlerTestModuleOptions = {}): Promise<HandlerTestModule> {
  const database = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'fatal',
    JWT_SECRET: 'handler-spec-secret-0123456789abcdefghij',
    ...database.env,
    ...(typeof env === 'function' ? env(database.env) : env),
  });
  let moduleRef: TestingModule | undefined;
  let subscription: Subscription | undefined;
  try {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        DatabaseModule.forRoot(config, migrations),
        AuthModule,
        IdempotencyModule,
        ClsModule.forRoot({ global: true }), // the request context the UnitOfWork reads
        ProjectionsModule,
        ...imports,
      ],
      providers,
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
  } catch (error) {
    await moduleRef?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }

  const dataSource = moduleRef.get<DataSource>(getDataSourceToken());
  const eventBus = moduleRef.get(EventBus);
  const writeQueue = moduleRef.get(WriteQueue);
  const timeline: string[] = [];
  const published: IEvent[] = [];

  // Every write transaction goes through the WriteQueue: record how each one ended.
  const transaction = writeQueue.transaction.bind(writeQueue);
  writeQueue.transaction = async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
    try {
      const result = await transaction(work);
      timeline.push('commit');
      return result;
    } catch (error) {
      timeline.push('rollback');
      throw error;
    }
  };
  // The EventBus is a Subject: this runs synchronously inside `publish`, so the timeline shows
  // exactly where publishing happened relative to the commit.
  subscription = eventBus.subscribe((event) => {
    published.push(event);
    timeline.push(`publish ${(event as { type?: string }).type ?? event.constructor.name}`);
  });

  const sql = <T>(text: string, parameters: unknown[] = []): Promise<T[]> => {
    let index = 0;
    const dialectText = TEST_DB === 'postgres' ? text.replace(/\?/g, () => `$${++index}`) : text;
    return writeQueue.run(() => dataSource.query<T[]>(dialectText, parameters));
  };
  const readLog = async (where: string, parameters: unknown[]): Promise<EventLogRow[]> => {
    const rows = await sql<{
      position: number | string;
      event_id: string;
      type: string;
      stream_id: string;
      payload: string;
      occurred_at: string;
    }>(
      `SELECT position, event_id, type, stream_id, payload, occurred_at FROM event_log ${where} ORDER BY position`,
      parameters,
    );
    return rows.map((row) => ({
      position: Number(row.position),
      eventId: row.event_id,
      type: row.type,
      streamId: row.stream_id,
      payload: JSON.parse(row.payload) as unknown,
      occurredAt: row.occurred_at,
    }));
  };

  const ref = moduleRef;
  return {
    moduleRef: ref,
    commandBus: ref.get(CommandBus),
    queryBus: ref.get(QueryBus),
    eventBus,
    dataSource,
    config,
    database: TEST_DB,
    sql,
    count: async (table) => {
      const [row] = await sql<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`);
      return Number(row.n);
    },
    eventLog: () => readLog('', []),
    eventsOf: (streamId) => readLog('WHERE stream_id = ?', [streamId]),
    timeline,
    published,
    clearRecords: () => {
      timeline.length = 0;
      published.length = 0;
    },
    close: async () => {
      subscription?.unsubscribe();
      subscription = undefined;
      try {
        await ref.close();
      } finally {
        await database.drop();
      }
    },
  };
}
