import pg from 'pg';
import { DataSource } from 'typeorm';
import { ProjectionsHealthIndicator } from '../src/shared/health/projections.health.js';
import { ProjectionStatusReader } from '../src/shared/projections/projection-status.reader.js';
import { eventually } from './support/builders.js';
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

/** An advisory lock key of the test's own (the app's are in event-log and idempotency-store). */
const HELD_LOCK = 730_510;

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
    const poolSize = (writePool.options as { extra: { max: number } }).extra.max;
    // The commands wait for a lock the test holds: they hold their connections until the test
    // lets go, not until a timer runs out, however long the probe takes on a loaded machine.
    const holder = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [HELD_LOCK]);
    const commands = Array.from({ length: poolSize + 2 }, () =>
      writePool.transaction((manager) =>
        manager.query('SELECT pg_advisory_xact_lock($1)', [HELD_LOCK]),
      ),
    );
    try {
      // Every connection of the pool is in a command, waiting; the last two wait for one.
      await eventually(async () => {
        const { rows } = await holder.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND objid = $1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [HELD_LOCK],
        );
        expect(rows[0].waiting).toBe(poolSize);
      });
      const health = await t.anonymous.get('/health');
      expect(health.status).toBe(200);
    } finally {
      await holder.end(); // lets the commands go
    }
    await Promise.all(commands);
  });
});
