import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { once } from 'node:events';
import type { AppConfig } from '../config/app-config.js';

/** How long start-up waits for Redis before serving, unlimited until it answers. */
const READY_WAIT_MS = 2_000;

/**
 * Where @fastify/rate-limit keeps its counters. Unset RATE_LIMIT_REDIS_URL: in memory, so
 * each instance counts its own clients (N instances allow N times the limit). Set: in Redis,
 * so every instance counts in the same place and a client gets the limit once, whichever
 * instance it reaches. Given to the plugin's registration, so the limits routes set for
 * themselves (`config.rateLimit`) count in Redis too.
 *
 * If Redis cannot answer, the request is served (`skipOnError`): a rate limit is a guard
 * against floods, and a Redis outage must not take the API down with it. Commands are not
 * queued while disconnected (`enableOfflineQueue: false`), so that is decided at once. The
 * app waits up to READY_WAIT_MS at start-up for Redis, so its first requests are counted
 * too; a Redis that is down then does not keep the app from starting.
 */
export async function sharedRateLimitStore(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<Pick<RateLimitPluginOptions, 'redis' | 'nameSpace' | 'skipOnError'>> {
  if (!config.RATE_LIMIT_REDIS_URL) return {};
  const logger = new Logger('RateLimit');
  const redis = new Redis(config.RATE_LIMIT_REDIS_URL, {
    enableOfflineQueue: false,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
  });
  // Said once per outage, not once per reconnect attempt.
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn(`Redis unreachable, requests are not rate limited: ${error.message}`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis reachable again: rate limit shared again');
    down = false;
  });
  await Promise.race([
    once(redis, 'ready').catch(() => undefined), // an 'error' first: Redis is down, start anyway
    new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref()),
  ]);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  return { redis, nameSpace: config.RATE_LIMIT_KEY_PREFIX, skipOnError: true };
}
