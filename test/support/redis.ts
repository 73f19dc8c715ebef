import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use: the machine's, unless TEST_REDIS_URL says otherwise. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client for TEST_REDIS_URL that fails at once instead of retrying forever. */
export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
}

/**
 * Why Redis cannot be used here, or null when it answers. Tests that need it skip with this
 * reason (`describe.skip` plus a printed line), never pass without running.
 */
export async function redisUnavailable(): Promise<string | null> {
  const redis = testRedis();
  redis.on('error', () => undefined); // the connect below reports it
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis does not answer at ${TEST_REDIS_URL} (set TEST_REDIS_URL): ${(error as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other test, run or engineer uses: tests sharing one Redis never collide. */
export const uniqueRedisPrefix = (label: string) =>
  `test:${label}:${randomBytes(6).toString('hex')}:`;
