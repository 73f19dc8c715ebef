import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { IdempotencyFingerprints, type IdempotencyKeyHeader } from './idempotency-fingerprints.js';
import type { IdempotencyRequest } from './idempotency-request.js';

/** Printable ASCII, 1 to 200 characters: room for a UUID or a client's own scheme. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

const IdempotencyKeyHeaderParam = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyKeyHeader | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return undefined;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 200 printable ASCII characters');
    }
    return {
      key,
      route: `${request.method} ${request.routeOptions.url ?? request.url}`,
      // Set by AccessGuard on every route that is not public.
      caller: (request as FastifyRequest & { caller?: Principal }).caller,
      body: request.body,
    };
  },
);

/** Fingerprints with the app's one key (a pipe, because a param decorator cannot inject). */
@Injectable()
class IdempotencyRequestPipe implements PipeTransform {
  constructor(private readonly fingerprints: IdempotencyFingerprints) {}

  transform(header: IdempotencyKeyHeader | undefined): IdempotencyRequest | undefined {
    return header && this.fingerprints.requestOf(header);
  }
}

/**
 * `@IdempotencyKey()` gives the request's `Idempotency-Key` header with its caller's scope
 * and a fingerprint of the request, or undefined when the client sent no key.
 */
export const IdempotencyKey = () => IdempotencyKeyHeaderParam(undefined, IdempotencyRequestPipe);
