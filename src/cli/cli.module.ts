import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClsModule } from 'nestjs-cls';
import { migrations } from '../migrations/migrations.js';
import type { AppConfig } from '../shared/config/app-config.js';
import { ConfigModule } from '../shared/config/config.module.js';
import { DatabaseModule } from '../shared/database/database.module.js';
import { IdempotencyModule } from '../shared/idempotency/idempotency.module.js';
import { ProjectionsModule } from '../shared/projections/projections.module.js';

/**
 * The app without its HTTP side, for the CLIs: configuration, the database (migrations
 * first), the buses, the projection runner, and what the CLI names: the providers it runs
 * and the modules (entities) they need. Loading the HTTP side (Fastify, Swagger, validation,
 * the controllers) took most of a CLI's start-up.
 */
@Module({})
export class CliModule {
  static forRoot(
    config: AppConfig,
    { providers = [], imports = [] }: { providers?: Provider[]; imports?: DynamicModule[] },
  ): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        ClsModule.forRoot({ global: true }), // the request context UnitOfWork reads: none here
        CqrsModule.forRoot(),
        DatabaseModule.forRoot(config, migrations),
        IdempotencyModule,
        ProjectionsModule,
        ...imports,
      ],
      providers,
    };
  }
}
