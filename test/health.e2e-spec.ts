import { DataSource } from 'typeorm';
import { ProjectionsHealthIndicator } from '../src/shared/health/projections.health.js';
import { ProjectionStatusReader } from '../src/shared/projections/projection-status.reader.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';

/**
 * GET /health is read by load balancers: whatever goes wrong inside a check, the answer is a
 * 503 with a short public reason (take this instance out), never a 500 (a bug in the probe).
 * The real outage (a stopped PostgreSQL) is in test/outage.e2e-spec.ts.
 */
describe('GET /health when a check throws', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('answers 503 naming the projections when their status cannot be read', async () => {
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(ProjectionStatusReader).useValue({
        all: () =>
          Promise.reject(
            Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), {
              code: 'ECONNREFUSED',
            }),
          ),
      }),
    );
    const health = await t.anonymous.get('/health').expect(503);
    expect(health.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: ['projections cannot be read: the database is unavailable'],
    });
  });

  it('answers 503, not 500, when a check fails in a way nobody foresaw', async () => {
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(ProjectionsHealthIndicator).useValue({
        check: () =>
          Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
      }),
    );
    const health = await t.anonymous.get('/health').expect(503);
    expect(health.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: ['the health check failed'],
    });
  });
});

// SQLite's ping runs on its one connection at once (no pool to wait for): under write load it
// is covered by test/write-overload.e2e-spec.ts.
(TEST_DB === 'postgres' ? describe : describe.skip)('GET /health with the write pool busy', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers 200 at once while every connection of the write pool is taken by commands', async () => {
    // A busy pool is not a database that is down: a probe that queued behind the commands
    // would time out and take the busiest instance out of rotation.
    const writePool = t.app.get(DataSource);
    let commandsDone = 0;
    const commands = Array.from({ length: 12 }, () =>
      writePool
        .transaction((manager) => manager.query('SELECT pg_sleep(3)'))
        .then(() => (commandsDone += 1)),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // they hold all 10 connections
    const health = await t.anonymous.get('/health');
    expect({ status: health.status, commandsDoneMeanwhile: commandsDone }).toEqual({
      status: 200,
      commandsDoneMeanwhile: 0,
    });
    await Promise.all(commands);
  });
});
