import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { EventLog } from '../event-log/event-log.js';
import {
  type MigrationList,
  projectorDataSourceOptions,
  readDataSourceOptions,
  writeDataSourceOptions,
} from './data-source-options.js';
import { PROJECTOR_CONNECTION } from './projector-connection.js';
import { ProjectorDatabase } from './projector-database.js';
import { READ_CONNECTION } from './read-connection.js';
import { ReadDatabase } from './read-database.js';
import { UnitOfWork } from './unit-of-work.js';
import { WriteQueue } from './write-queue.js';

/**
 * Connections to one database: the write connection (migrations, UnitOfWork), the read-only
 * connection (ReadDatabase, for query handlers) and, on PostgreSQL, the projector's
 * connection (ProjectorDatabase). The others open only after the write connection has run
 * the migrations, so they never see a missing schema.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, migrations: MigrationList): DynamicModule {
    const { DATABASE_URL } = config;
    // PostgreSQL only: on SQLite the projector writes through the WriteQueue (one writer).
    const projectorConnection = DATABASE_URL
      ? [
          TypeOrmModule.forRootAsync({
            name: PROJECTOR_CONNECTION,
            inject: [getDataSourceToken()],
            useFactory: () => projectorDataSourceOptions(DATABASE_URL),
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
        ...projectorConnection,
      ],
      providers: [WriteQueue, EventLog, UnitOfWork, ReadDatabase, ProjectorDatabase],
      exports: [WriteQueue, EventLog, UnitOfWork, ReadDatabase, ProjectorDatabase],
    };
  }
}
