import { applyDecorators } from '@nestjs/common';
import { type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { ErrorResponseSchema } from '../http/error-response.schema.js';

/** The route config key that marks a route for the authentication limits. */
const AUTH_RATE_LIMITED = 'authRateLimited';

const MINUTE_MS = 60_000;

/**
 * On a route that checks or sets a password (POST /auth/token, POST /customers): each one
 * costs a scrypt hash, so they get tighter limits than RATE_LIMIT_PER_MINUTE, per client
 * address and per email (see useAuthRateLimits).
 */
export const AuthRateLimited = () =>
  applyDecorators(
    RouteConfig({ [AUTH_RATE_LIMITED]: true }),
    ApiTooManyRequestsResponse({
      description:
        'Too many attempts in the last minute from this client (AUTH_LIMIT_PER_MINUTE) ' +
        'or for this email (AUTH_LIMIT_PER_EMAIL).',
      type: ErrorResponseSchema,
      headers: {
        'Retry-After': {
          description: 'Seconds until the client may try again.',
          schema: { type: 'integer' },
        },
      },
    }),
  );

export const authRateLimitsOn = (config: AppConfig) =>
  config.AUTH_LIMIT_PER_MINUTE > 0 || config.AUTH_LIMIT_PER_EMAIL > 0;

/**
 * Turns `@AuthRateLimited()` into @fastify/rate-limit settings for that route, so both
 * limits count in whatever store the plugin is registered with (in memory, or shared):
 *
 * - per client address: the route's own `config.rateLimit`, AUTH_LIMIT_PER_MINUTE
 *   (in place of the global limit there), checked on arrival, before the body is read;
 * - per email: a `createRateLimit` counter keyed by the route and the body's email
 *   (lower-cased, then hashed: a shared store holds no addresses), AUTH_LIMIT_PER_EMAIL,
 *   checked once the body is parsed.
 *   Spread over many addresses, guesses at one account's password still get this many.
 *
 * Past either: 429 with Retry-After, in the usual error shape. Call it before the plugin is
 * registered (its `onRoute` hook must see `config.rateLimit` first), and register the
 * plugin whenever authRateLimitsOn(config).
 */
export function useAuthRateLimits(app: NestFastifyApplication, config: AppConfig): void {
  if (!authRateLimitsOn(config)) return;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const routeConfig = route.config as Record<string, unknown> | undefined;
    if (!routeConfig?.[AUTH_RATE_LIMITED]) return;
    if (config.AUTH_LIMIT_PER_MINUTE > 0) {
      routeConfig.rateLimit = { max: config.AUTH_LIMIT_PER_MINUTE, timeWindow: MINUTE_MS };
    }
    if (config.AUTH_LIMIT_PER_EMAIL > 0) {
      const name = `${String(route.method)} ${route.url}`;
      const perEmail = fastify.createRateLimit({
        max: config.AUTH_LIMIT_PER_EMAIL,
        timeWindow: MINUTE_MS,
        keyGenerator: (request) => `email:${name}:${sha256(emailOf(request) ?? '')}`,
      });
      const handlers = [route.preHandler ?? []].flat();
      route.preHandler = [
        ...handlers,
        async (request, reply) => {
          if (emailOf(request) === undefined) return; // validation answers 400 later
          const limit = await perEmail(request);
          if (limit.isAllowed || !limit.isExceeded) return;
          void reply.header('retry-after', String(limit.ttlInSeconds));
          throw Object.assign(
            new Error(`Too many attempts for this email, retry in ${limit.ttlInSeconds} seconds`),
            { statusCode: 429 },
          );
        },
      ];
    }
  });
}

/** The body's email as accounts store it (lower case); undefined when there is none. */
function emailOf(request: FastifyRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
