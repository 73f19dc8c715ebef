import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { type AppConfig, loadConfig } from '../../src/shared/config/app-config.js';
import { configureApp } from '../../src/shared/http/configure-app.js';
import { createHttpAdapter } from '../../src/shared/http/http-adapter.js';
import { createTestDatabase, TEST_DB } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  config: AppConfig;
  database: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * The real application, configured exactly as main.ts does it, on a fresh database
 * (SQLite, or PostgreSQL under `npm run test:pg`). `env` overrides configuration;
 * `override` can replace a provider through Nest's testing module.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const database = await createTestDatabase();
  // Tests fire thousands of requests from one address: no rate limit unless a test sets one.
  const config = loadConfig({
    LOG_LEVEL: 'fatal',
    RATE_LIMIT_PER_MINUTE: '0',
    ...database.env,
    ...env,
  });
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule.forRoot(config)] }),
  ).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    bodyParser: false,
    logger: false,
  });
  await configureApp(app);
  // Listening on a real port lets tests fire hundreds of concurrent requests at one server.
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: request(await app.getUrl()),
    config,
    database: TEST_DB,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
