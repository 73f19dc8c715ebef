import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ErrorResponseSchema } from '../http/error-response.schema.js';

const KEY_FORMAT = '1 to 200 printable ASCII characters (400 otherwise)';

const HEADER = {
  authenticated:
    'Makes a retry safe: a request repeated with the same key and body returns the first ' +
    'answer and creates nothing more; the same key with another request is a 422. Keys are ' +
    "per caller (the token's subject): another caller's key of the same value is unrelated " +
    `to yours, and neither of you can tell that the other used it. ${KEY_FORMAT}.`,
  anonymous:
    'Makes a retry safe: the very same request (the whole body, the password included) ' +
    'repeated with the same key returns the first answer and creates nothing more. A caller ' +
    'without a token is known only by what it sends: the same key with another body is ' +
    `another caller's request, and runs as a new one (never a 422). ${KEY_FORMAT}.`,
};

/**
 * The optional `Idempotency-Key` header of the creating POSTs and its 400; on a route for
 * authenticated callers also its 422 (an anonymous route has none: ADR 0026).
 */
export const ApiIdempotencyKey = (caller: 'authenticated' | 'anonymous' = 'authenticated') =>
  applyDecorators(
    ApiBadRequestResponse({
      description: 'The Idempotency-Key header is malformed.',
      type: ErrorResponseSchema,
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: HEADER[caller],
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$' },
    }),
    ...(caller === 'authenticated'
      ? [
          ApiUnprocessableEntityResponse({
            description:
              'You already used this Idempotency-Key with a different request (another body ' +
              'or route).',
            type: ErrorResponseSchema,
          }),
        ]
      : []),
  );
