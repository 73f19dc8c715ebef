import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { CreateStaffAccountCommand } from '../../src/modules/identity/commands/create-staff-account/create-staff-account.command.js';
import { StaffEmailTakenError } from '../../src/modules/identity/contracts/identity.errors.js';
import { type AppConfig, loadConfig } from '../../src/shared/config/app-config.js';
import { configureApp } from '../../src/shared/http/configure-app.js';
import { createHttpAdapter } from '../../src/shared/http/http-adapter.js';
import { aCustomer, type Created } from './builders.js';
import { createTestDatabase, TEST_DB } from './test-database.js';
import { TEST_JWT_SECRET } from './tokens.js';

/** The staff account every test app has. */
export const TEST_STAFF = { email: 'staff@example.org', password: 'staff-password-1' };

/** A registered customer, logged in: `http` sends its token. */
export interface CustomerSession {
  customer: Created;
  email: string;
  password: string;
  token: string;
  http: TestAgent;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** Requests as staff (TEST_STAFF's token): staff may call every route but GET /me/orders. */
  http: TestAgent;
  /** Requests without a token. */
  anonymous: TestAgent;
  /** Requests with this bearer token. */
  as(token: string): TestAgent;
  /** POST /auth/token: the access token for these credentials (fails the test on non-200). */
  login(email: string, password: string): Promise<string>;
  /** Registers a customer (with a password) and logs it in. */
  signUp(overrides?: Record<string, unknown>): Promise<CustomerSession>;
  staffToken: string;
  config: AppConfig;
  database: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * The real application, configured exactly as main.ts does it, on a fresh database
 * (SQLite, or PostgreSQL under `npm run test:pg`), with one staff account (TEST_STAFF)
 * logged in for `t.http`. `env` overrides configuration; `override` can replace a provider
 * through Nest's testing module.
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
    AUTH_LIMIT_PER_MINUTE: '0',
    AUTH_LIMIT_PER_EMAIL: '0',
    JWT_SECRET: TEST_JWT_SECRET,
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
  const url = await app.getUrl();
  const as = (token: string) => request.agent(url).set('Authorization', `Bearer ${token}`);
  const anonymous = request(url);
  const login = async (email: string, password: string) => {
    const response = await anonymous.post('/auth/token').send({ email, password });
    if (response.status !== 200) {
      throw new Error(`login as ${email} failed: ${response.status} ${response.text}`);
    }
    return (response.body as { accessToken: string }).accessToken;
  };
  await app
    .get(CommandBus)
    .execute(new CreateStaffAccountCommand(TEST_STAFF.email, TEST_STAFF.password))
    .catch((error: unknown) => {
      // A second app on the same database (MIGRATIONS_RUN=false) finds it there already.
      if (!(error instanceof StaffEmailTakenError)) throw error;
    });
  const staffToken = await login(TEST_STAFF.email, TEST_STAFF.password);
  return {
    app,
    http: as(staffToken),
    anonymous,
    as,
    login,
    signUp: async (overrides = {}) => {
      const body = aCustomer(overrides) as { email: string; password: string };
      const response = await anonymous.post('/customers').send(body).expect(201);
      const token = await login(body.email, body.password);
      return {
        customer: response.body as Created,
        email: body.email,
        password: body.password,
        token,
        http: as(token),
      };
    },
    staffToken,
    config,
    database: TEST_DB,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
