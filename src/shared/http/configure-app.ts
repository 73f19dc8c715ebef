import rateLimit from '@fastify/rate-limit';
import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { authRateLimitsOn, useAuthRateLimits } from '../auth/auth-rate-limit.js';
import { AppConfig } from '../config/app-config.js';
import { useCors } from './cors.js';
import { serveDemoPage } from './demo-page.js';
import { setupOpenApi } from './openapi.js';
import { sharedRateLimitStore } from './shared-rate-limit-store.js';

/**
 * What every HTTP entry point shares, used by main.ts and by the end-to-end tests alike
 * (the security headers are the HTTP adapter's: every answer carries them): CORS only for
 * the configured origins, a rate limit per client address
 * (@fastify/rate-limit: it runs before routing, so a flood costs little), and request bodies and query
 * strings validated against their DTO classes: unknown fields are rejected (400, naming
 * them), and every failing field is listed.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  if (config.CORS_ORIGINS) useCors(app, config.CORS_ORIGINS.split(','));
  useAuthRateLimits(app, config); // login and registration: tighter, per address and per email
  if (config.RATE_LIMIT_PER_MINUTE > 0 || authRateLimitsOn(config)) {
    await app.register(rateLimit, {
      global: config.RATE_LIMIT_PER_MINUTE > 0,
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      allowList: (request) => request.url.split('?')[0] === '/health',
      // In memory per instance, or shared through Redis (RATE_LIMIT_REDIS_URL).
      ...(await sharedRateLimitStore(app, config)),
    });
  }
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  // Swagger UI at /docs, the OpenAPI JSON at /docs-json: off in production unless API_DOCS=true.
  if (config.apiDocs) setupOpenApi(app);
  // The live teaching page: only with DEMO=true (its controls break the read side on purpose).
  if (config.DEMO) await serveDemoPage(app);
}
