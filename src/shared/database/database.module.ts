import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { EventLogEntry } from '../event-log/event-log-entry.entity.js';
import { EventLog } from '../event-log/event-log.js';
import {
  type MigrationList,
  readDataSourceOptions,
  writeDataSourceOptions,
} from './data-source-options.js';
import { READ_CONNECTION } from './read-connection.js';
import { ReadDatabase } from './read-database.js';
import { UnitOfWork } from './unit-of-work.js';
import { WriteQueue } from './write-queue.js';

/**
 * Two connections to one database: the write connection (migrations, UnitOfWork) and the
 * read-only connection (ReadDatabase, for query handlers). The read connection opens only
 * after the write connection has run the migrations, so it never sees a missing schema.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, migrations: MigrationList): DynamicModule {
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
        TypeOrmModule.forFeature([EventLogEntry]),
      ],
      providers: [WriteQueue, EventLog, UnitOfWork, ReadDatabase],
      exports: [WriteQueue, EventLog, UnitOfWork, ReadDatabase],
    };
  }
}
