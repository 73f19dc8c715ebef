import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * HTTP/1.1 requires a Host header. Node answered a request without one itself, with a bare
 * 400 (no body, none of the headers every answer carries); with Node's check turned off
 * (`requireHostHeader: false`, see http-adapter.ts) it is refused here, through the error
 * filter, like any other bad request.
 */
export function requireHostHeader(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
    return done(new BadRequestException('the Host header is required'));
  }
  done();
}
