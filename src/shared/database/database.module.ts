import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { EventLog } from '../event-log/event-log.js';
import {
  type MigrationList,
  healthDataSourceOptions,
  primaryReadDataSourceOptions,
  projectionDataSourceOptions,
  readDataSourceOptions,
  writeDataSourceOptions,
} from './data-source-options.js';
import { HEALTH_CONNECTION } from './health-connection.js';
import { PRIMARY_READ_CONNECTION } from './primary-read-connection.js';
import { PROJECTION_CONNECTION } from './projection-connection.js';
import { ProjectionDatabase } from './projection-database.js';
import { READ_CONNECTION } from './read-connection.js';
import { ReadDatabase } from './read-database.js';
import { ReadTarget } from './read-target.js';
import { ReplicaLag } from './replica-lag.js';
import { UnitOfWork } from './unit-of-work.js';
import { WriteQueue } from './write-queue.js';

/**
 * Connections to one database: the write connection (migrations, UnitOfWork), the read-only
 * connection (ReadDatabase, for query handlers), on PostgreSQL the projection runner's connection
 * (ProjectionDatabase) and the one /health pings, and with a replica a read-only connection to the primary (for
 * ReadDatabase.onPrimary). The others open only after the write connection has run the
 * migrations, so they never see a missing schema.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, migrations: MigrationList): DynamicModule {
    const { DATABASE_URL } = config;
    // PostgreSQL only: on SQLite the projection runner writes through the WriteQueue (one writer).
    const projectionConnection = DATABASE_URL
      ? [
          TypeOrmModule.forRootAsync({
            name: PROJECTION_CONNECTION,
            inject: [getDataSourceToken()],
            useFactory: () => projectionDataSourceOptions(DATABASE_URL),
          }),
        ]
      : [];
    // PostgreSQL only: /health's own connection, so its ping never queues behind the commands.
    const healthConnection = DATABASE_URL
      ? [
          TypeOrmModule.forRootAsync({
            name: HEALTH_CONNECTION,
            inject: [getDataSourceToken()],
            useFactory: () => healthDataSourceOptions(DATABASE_URL),
          }),
        ]
      : [];
    const { DATABASE_READ_URL } = config;
    // With a replica only: otherwise the read connection is on the primary already.
    const primaryReadConnection =
      DATABASE_URL && DATABASE_READ_URL
        ? [
            TypeOrmModule.forRootAsync({
              name: PRIMARY_READ_CONNECTION,
              inject: [getDataSourceToken()],
              useFactory: () => primaryReadDataSourceOptions(DATABASE_URL),
            }),
          ]
        : [];
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...writeDataSourceOptions(config, migrations),
          autoLoadEntities: true,
        }),
        TypeOrmModule.forRootAsync({
          name: READ_CONNECTION,
          inject: [getDataSourceToken()],
          useFactory: () => readDataSourceOptions(config),
        }),
        ...projectionConnection,
        ...healthConnection,
        ...primaryReadConnection,
      ],
      providers: [
        WriteQueue,
        EventLog,
        UnitOfWork,
        ReadTarget,
        ReadDatabase,
        ReplicaLag,
        ProjectionDatabase,
      ],
      exports: [WriteQueue, EventLog, UnitOfWork, ReadDatabase, ReplicaLag, ProjectionDatabase],
    };
  }
}
