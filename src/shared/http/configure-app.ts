import rateLimit from '@fastify/rate-limit';
import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config.js';
import { setupOpenApi } from './openapi.js';
import { useSecurityHeaders } from './security-headers.js';

/**
 * What every HTTP entry point shares, used by main.ts and by the end-to-end tests alike:
 * security headers, CORS only for the configured origins, a rate limit per client address
 * (@fastify/rate-limit: it runs before routing, so a flood costs little), and request bodies and query
 * strings validated against their DTO classes: unknown fields are rejected (400, naming
 * them), and every failing field is listed.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  useSecurityHeaders(app);
  if (config.CORS_ORIGINS) app.enableCors({ origin: config.CORS_ORIGINS.split(',') });
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    // In memory: each instance counts its own clients (see the README on scaling out).
    await app.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      allowList: (request) => request.url.split('?')[0] === '/health',
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
  setupOpenApi(app); // Swagger UI at /docs, the OpenAPI JSON at /docs-json
}
