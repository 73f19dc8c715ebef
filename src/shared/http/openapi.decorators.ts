import { applyDecorators } from '@nestjs/common';
import {
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
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
