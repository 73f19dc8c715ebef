import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A path parameter longer than this gets 414 (Nest's default for the router, made explicit). */
export const MAX_PARAM_LENGTH = 100;

/**
 * The router's own errors, raised before any hook or route runs: a path that is not valid
 * percent-encoding (`GET /products/%`) and an over-long path parameter. Fastify answered them
 * with its own body, echoing the raw path back; they go to the app's error handler instead
 * (Nest's, so ErrorResponseFilter), restated, like any other error. The headers every answer
 * carries are on the response already (every-answer.ts).
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // The router's requests keep the error handler Fastify had when it was created (its
  // default): the app's is the root instance's.
  request.server.errorHandler(restated(error), request, reply);
}

function restated(error: FastifyError): Error {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new BadRequestException('the URL path is not valid percent-encoded UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new HttpException(
        `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`,
        HttpStatus.URI_TOO_LONG,
      );
    default:
      return error; // FST_ERR_ASYNC_CONSTRAINT: no route has an asynchronous constraint
  }
}
