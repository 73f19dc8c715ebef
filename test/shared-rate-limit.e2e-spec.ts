import type { Redis } from 'ioredis';
import { type AppProcess, freePort, http, startApp, stopApp } from './support/app-process.js';
import { redisUnavailable, TEST_REDIS_URL, testRedis, uniqueRedisPrefix } from './support/redis.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * Several instances behind one load balancer: with RATE_LIMIT_REDIS_URL they count a client's
 * requests in one place, so two instances allow the limit once, not twice. Real processes,
 * the real Redis (TEST_REDIS_URL), a key prefix of this test's own.
 */
const unavailable = await redisUnavailable();
if (unavailable !== null) console.warn(`shared rate limit tests skipped: ${unavailable}`);
const describeIfRedis = unavailable === null ? describe : describe.skip;

const LIMIT = 12;
const ANONYMOUS = {};

describeIfRedis('the rate limit shared through Redis', () => {
  const databases: TestDatabase[] = [];
  const apps: AppProcess[] = [];
  let redis: Redis;
  beforeAll(async () => {
    redis = testRedis();
    await redis.connect();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => stopApp(app)));
    await Promise.all(databases.map((database) => database.drop()));
    redis?.disconnect();
  });

  async function start(env: Record<string, string>): Promise<AppProcess> {
    const database = await createTestDatabase();
    databases.push(database);
    const app = await startApp({ ...database.env, RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env });
    apps.push(app);
    return app;
  }

  /** Sends `count` requests, round robin over `instances`; answers their statuses. */
  async function burst(instances: AppProcess[], count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const answer = await http(
        instances[i % instances.length],
        'GET',
        '/products?limit=1',
        undefined,
        ANONYMOUS,
      );
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(answer.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    return statuses;
  }

  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('two instances sharing one Redis allow a client the limit once, not once each', async () => {
    const prefix = uniqueRedisPrefix('rate-limit');
    const env = { RATE_LIMIT_REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix };
    const instances = [await start(env), await start(env)];
    // Start-up probes counted too: start from a clean count.
    const probes = await redis.keys(`${prefix}*`);
    if (probes.length > 0) await redis.del(...probes);

    const statuses = await burst(instances, 2 * LIMIT);
    expect(count(statuses, 200)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(LIMIT);
    expect(statuses.slice(0, LIMIT).every((status) => status === 200)).toBe(true);
    // The counter lives in Redis under the configured prefix, with the window's expiry.
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(Number(await redis.get(keys[0]))).toBe(2 * LIMIT);
    expect(await redis.pttl(keys[0])).toBeGreaterThan(0);
    await redis.del(...keys);
  });

  it("two instances sharing one Redis allow an email's logins the per-email limit once, not once each", async () => {
    const prefix = uniqueRedisPrefix('auth-limit');
    const perEmail = 4;
    const env = {
      RATE_LIMIT_REDIS_URL: TEST_REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: prefix,
      AUTH_LIMIT_PER_EMAIL: String(perEmail),
    };
    const instances = [await start(env), await start(env)];
    const statuses: number[] = [];
    for (let i = 0; i < 3 * perEmail; i += 1) {
      // A different address each time would not matter: the email is what is counted here.
      const answer = await http(
        instances[i % 2],
        'POST',
        '/auth/token',
        { email: 'target@example.org', password: `guess number ${i}` },
        ANONYMOUS,
      );
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, perEmail)).toEqual(Array(perEmail).fill(401));
    expect(statuses.slice(perEmail)).toEqual(Array(2 * perEmail).fill(429));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  it('serves requests, unlimited, while Redis cannot be reached (not 500)', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const app = await start({ RATE_LIMIT_REDIS_URL: nowhere });
    const statuses = await burst([app], LIMIT + 3);
    expect(count(statuses, 200)).toBe(LIMIT + 3);
    expect(app.output()).toContain('Redis unreachable, requests are not rate limited');
  });
});
