import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DemoModule } from './demo/demo.module.js';
import { migrations } from './migrations/migrations.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { CustomersModule } from './modules/customers/customers.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import type { AppConfig } from './shared/config/app-config.js';
import { AccessGuard } from './shared/auth/access.guard.js';
import { AuthModule } from './shared/auth/auth.module.js';
import { ConfigModule } from './shared/config/config.module.js';
import { DatabaseModule } from './shared/database/database.module.js';
import { ObservabilityModule } from './shared/observability/observability.module.js';
import { IdempotencyModule } from './shared/idempotency/idempotency.module.js';
import { EventStreamModule } from './shared/event-stream/event-stream.module.js';
import { ProjectionsModule } from './shared/projections/projections.module.js';
import { ErrorResponseFilter } from './shared/errors/error-response.filter.js';
import { HealthModule } from './shared/health/health.module.js';

/** The composition root: the only place that knows every module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        CqrsModule.forRoot(),
        DatabaseModule.forRoot(config, migrations),
        AuthModule,
        IdempotencyModule,
        ProjectionsModule,
        HealthModule,
        EventStreamModule,
        CatalogModule,
        CustomersModule,
        OrdersModule,
        IdentityModule,
        // The live teaching page's accounts and lesson controls: never without DEMO=true.
        ...(config.DEMO ? [DemoModule] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        // Every route declares who may call it (@Access); this enforces it.
        { provide: APP_GUARD, useExisting: AccessGuard },
      ],
    };
  }
}
