import { Global, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfig } from '../config/app-config.js';
import { BusInstrumentation } from './bus-instrumentation.js';
import { HttpMetricsHook } from './http-metrics.hook.js';
import { Metrics } from './metrics.js';
import { safeError } from './safe-error.js';
import { MetricsController } from './metrics.controller.js';
import { requestLogLevel } from './request-log-level.js';

const PINO_LEVEL = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** An error as safeError tells it; anything else (already safe, or not an error) as it is. */
const safeIfError = (value: unknown) => (value instanceof Error ? safeError(value) : value);

/** The request's id, as the HTTP adapter chose it (the caller's X-Request-Id, or a new one). */
const requestIdOf = (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id;

/**
 * What a request's log line needs, and no headers: nothing to leak (tokens, cookies), and
 * nothing to redact. The default serializer copied and redacted every header of every
 * request, logged or not: an eighth of a read's CPU in the profile (bench/).
 * An error is logged by class, code and message (safeError): pino's own `err` serializer
 * copied every field, a failed statement's query and bound values (personal data) included.
 */
const serializers = {
  req: (request: IncomingMessage & { originalUrl?: string }) => ({
    id: requestIdOf(request),
    method: request.method,
    url: request.originalUrl ?? request.url, // middleware sees the url relative to its mount
    remoteAddress: request.socket?.remoteAddress,
  }),
  res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
  err: safeIfError,
  // Nest's loggers pass `(message, error)` as `(message, context)`: @nestjs/cqrs's EventBus
  // does, for a failing event handler; an error there gets the same treatment.
  context: safeIfError,
};

/**
 * The one pino instance's options: the app's logs and main.ts's start-up logger (jsonLogger)
 * share them, since whoever builds the instance first decides them for both.
 */
export function pinoHttpOptions(config: AppConfig): PinoHttpOptions {
  return {
    level: PINO_LEVEL[config.LOG_LEVEL],
    genReqId: requestIdOf,
    // Logs inside a request carry its id only; the request itself is logged once, at its end.
    quietReqLogger: true,
    serializers,
    wrapSerializers: false, // ours take the raw request and response
    customLogLevel: requestLogLevel,
  };
}

/**
 * Logs, request context and metrics, set up once for the whole app:
 * - nestjs-pino: JSON lines, one per request, each carrying the request id;
 * - nestjs-cls: the request id follows the request into commands, queries and the event
 *   log, so the projection runner can log which request an event came from;
 * - BusInstrumentation: every command and query logged once and timed, in one place;
 * - prom-client metrics at /metrics.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true, generateId: true, idGenerator: requestIdOf },
    }),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Every route (path-to-regexp 8 syntax, which Nest 12 on Fastify 5 matches middleware with).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: pinoHttpOptions(config),
      }),
    }),
  ],
  controllers: [MetricsController],
  providers: [Metrics, BusInstrumentation, HttpMetricsHook],
  exports: [Metrics],
})
export class ObservabilityModule {}
