import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ErrorResponseSchema } from './error-response.schema.js';

/**
 * OpenAPI decorators for what many endpoints share. They only document: validation is done
 * by the DTOs, the pipes and Fastify, as before.
 */

/** `:id` in the path: a UUID (any case; 400 otherwise). */
export const ApiIdParam = (description: string) =>
  ApiParam({ name: 'id', description, schema: { type: 'string', format: 'uuid' } });

/** A JSON body: 413 over 100 kB, 415 for any other media type. */
export const ApiJsonBodyErrors = () =>
  applyDecorators(
    ApiPayloadTooLargeResponse({
      description: 'The body is larger than 100 kB.',
      type: ErrorResponseSchema,
    }),
    ApiUnsupportedMediaTypeResponse({
      description: 'The body is not `application/json`.',
      type: ErrorResponseSchema,
    }),
  );

/** Every route but /health counts against the per-client rate limit (when one is set). */
export const ApiRateLimited = () =>
  ApiTooManyRequestsResponse({
    description: 'Too many requests from this client in the last minute (RATE_LIMIT_PER_MINUTE).',
    type: ErrorResponseSchema,
    headers: {
      'Retry-After': {
        description: 'Seconds until the client may send again.',
        schema: { type: 'integer' },
      },
    },
  });

/**
 * Every route that reads or writes the database: 503 when it cannot serve now (unreachable,
 * out of connections or disk, or, for a write, the write queue is full). Nothing was changed.
 */
export const ApiUnavailable = () =>
  ApiServiceUnavailableResponse({
    description:
      'The database cannot serve now (unreachable, out of connections or disk), or too many ' +
      'writes are waiting. Nothing was changed; retry after `Retry-After` seconds.',
    type: ErrorResponseSchema,
    headers: {
      'Retry-After': {
        description: 'Seconds after which a retry may succeed.',
        schema: { type: 'integer' },
      },
    },
  });

/** The optional `Idempotency-Key` header of the creating POSTs, its 400 and its 422. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiBadRequestResponse({
      description: 'The Idempotency-Key header is malformed.',
      type: ErrorResponseSchema,
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: a request repeated with the same key and body returns the first ' +
        'answer and creates nothing more. 1 to 200 printable ASCII characters (400 otherwise).',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$' },
    }),
    ApiUnprocessableEntityResponse({
      description: 'The Idempotency-Key was already used with a different request.',
      type: ErrorResponseSchema,
    }),
  );
