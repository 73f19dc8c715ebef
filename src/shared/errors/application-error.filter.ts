import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApplicationError } from './application-error.js';

const STATUS: Record<ApplicationError['kind'], HttpStatus> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

const REASON: Record<ApplicationError['kind'], string> = {
  'bad-request': 'Bad Request',
  'not-found': 'Not Found',
  conflict: 'Conflict',
  unprocessable: 'Unprocessable Entity',
};

/** Turns domain errors into Nest's JSON error shape `{ statusCode, error, message }`. */
@Catch(ApplicationError)
export class ApplicationErrorFilter implements ExceptionFilter<ApplicationError> {
  catch(error: ApplicationError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const statusCode = STATUS[error.kind];
    void reply.status(statusCode).send({ statusCode, error: REASON[error.kind], message: error.message });
  }
}
