import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ApplicationError } from './application-error.js';

const STATUS_OF: Record<ApplicationError['kind'], HttpStatus> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string | string[];
}

/**
 * Every error leaves in one shape, Nest's `{ statusCode, error, message }`:
 * domain errors by their kind, Nest's HTTP exceptions as they are, Fastify's own 4xx
 * (bad JSON, body too large, wrong media type) with their message, and anything else as a
 * bare 500 that leaks no stack or SQL, logged with the request id so it can be found.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const body = this.toResponse(error, http.getRequest<FastifyRequest>());
    void http.getResponse<FastifyReply>().status(body.statusCode).send(body);
  }

  private toResponse(error: unknown, request: FastifyRequest): ErrorResponse {
    if (error instanceof ApplicationError) {
      return this.shape(STATUS_OF[error.kind], error.message);
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
    this.logger.error(
      { requestId: request.id, method: request.method, url: request.url, err: error },
      error instanceof Error ? error.stack : String(error),
    );
    return this.shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private shape(statusCode: number, message: string | string[]): ErrorResponse {
    // Fastify's own wording ("Unsupported Media Type") does not say what would be accepted.
    if (statusCode === 415) message = 'content-type must be application/json';
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
}
