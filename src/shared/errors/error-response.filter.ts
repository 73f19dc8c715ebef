import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseErrorCode, isDatabaseUnavailable } from '../database/database-unavailable.js';
import { safeError } from '../observability/safe-error.js';
import { ApplicationError, ServiceUnavailableError } from './application-error.js';
import { type ErrorResponse, errorResponse } from './error-response.js';

const STATUS_OF: Record<ApplicationError['kind'], HttpStatus> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** What a client is told when the database cannot serve: retry, it is not your fault. */
const DATABASE_UNAVAILABLE = 'The database is unavailable; retry later';

/** The answer to a body Fastify's JSON parser refused. */
export const INVALID_JSON_BODY =
  'the body is not valid JSON, or it has a __proto__ or constructor.prototype key (refused at any depth)';

/**
 * Every error leaves in one shape, Nest's `{ statusCode, error, message }`:
 * domain errors by their kind, Nest's HTTP exceptions as they are, Fastify's own 4xx
 * (bad JSON, body too large, wrong media type) with their message, the router's too (a
 * malformed URL: see framework-errors.ts), and anything else as a
 * bare 500 that leaks no stack or SQL, logged with the request id so it can be found (but
 * never with the statement's values: see safeError).
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A 503 is an ApplicationError like the others, plus when to come back.
    const unavailable = this.asUnavailable(error, request);
    if (unavailable) void reply.header('Retry-After', String(unavailable.retryAfterSeconds));
    const body = this.toResponse(unavailable ?? error, request);
    void reply.status(body.statusCode).send(body);
  }

  /** A 503: ours (queue full, database full) or a database that cannot be reached. */
  private asUnavailable(error: unknown, request: FastifyRequest): ServiceUnavailableError | null {
    if (error instanceof ServiceUnavailableError) return error;
    if (!isDatabaseUnavailable(error)) return null;
    // Logged as a warning, by its code and message only: never the statement or its values.
    this.logger.warn(
      {
        requestId: request.id,
        method: request.method,
        url: request.url,
        code: databaseErrorCode(error),
        reason: error instanceof Error ? error.message : String(error),
      },
      'database unavailable: answered 503',
    );
    return new ServiceUnavailableError(DATABASE_UNAVAILABLE);
  }

  private toResponse(error: unknown, request: FastifyRequest): ErrorResponse {
    if (error instanceof ApplicationError) {
      return this.shape(STATUS_OF[error.kind], error.message);
    }
    // Fastify's parser also refuses valid JSON with a `__proto__` or `constructor.prototype`
    // key (they could reach every object's prototype), as "not valid JSON": say both. Nest
    // hands its error over wrapped in an HttpException.
    const cause = error instanceof HttpException ? error.cause : error;
    if ((cause as { code?: unknown } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return this.shape(HttpStatus.BAD_REQUEST, INVALID_JSON_BODY);
    }
    if (error instanceof HttpException) {
      const response = error.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : error.message;
      return this.shape(error.getStatus(), message);
    }
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return this.shape(statusCode, (error as Error).message); // Fastify's: bad JSON, too large
    }
    // By class, code, message and stack only: a failed statement's values are personal data.
    const err = safeError(error);
    this.logger.error(
      { requestId: request.id, method: request.method, url: request.url, err },
      err.stack ?? err.message,
    );
    return this.shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private shape(statusCode: number, message: string | string[]): ErrorResponse {
    // Fastify's own wording ("Unsupported Media Type") does not say what would be accepted.
    if (statusCode === 415) message = 'content-type must be application/json';
    return errorResponse(statusCode, message);
  }
}
