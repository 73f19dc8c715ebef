import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * CORS for the origins in CORS_ORIGINS only. A browser on one of them may send what the API
 * takes (its methods, and the headers it reads: a token, JSON, an idempotency key, a request
 * id, the event stream's resume point) and read what it answers beyond the CORS-safelisted
 * headers: the request id, where a read comes from and how far it reflects the log, and when
 * to retry (429, 503).
 *
 * A preflight is any OPTIONS request: @fastify/cors's strict mode answered one without
 * `Origin` or `Access-Control-Request-Method` a plain-text 400, outside the API's error shape;
 * it now gets the same 204 as any other preflight, and no `Access-Control-Allow-Origin`
 * unless its origin is listed.
 */
export function useCors(app: NestFastifyApplication, origins: string[]): void {
  app.enableCors({
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'X-Request-Id',
      'Last-Event-ID',
    ],
    exposedHeaders: ['X-Request-Id', 'X-Read-Position', 'X-Read-Source', 'Retry-After'],
    strictPreflight: false,
  });
}
