import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { IdempotencyRequest } from './idempotency-request.js';

/** Printable ASCII, 1 to 200 characters: room for a UUID or a client's own scheme. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** JSON with object keys sorted, so {a,b} and {b,a} fingerprint alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A password is left out of the fingerprint: the fingerprint is stored, and an unsalted hash
 * of a body is a guessable hash of the password in it.
 */
function withoutSecrets(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'password'));
}

/**
 * `@IdempotencyKey()` gives the request's `Idempotency-Key` header with a fingerprint of
 * the request, or undefined when the client sent no key.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyRequest | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return undefined;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 200 printable ASCII characters');
    }
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    // The caller is part of the request: another customer reusing a key gets 422, never the
    // first caller's answer (POST /orders takes the customer from the token, not the body).
    const caller = (request as FastifyRequest & { caller?: Principal }).caller;
    const fingerprint = createHash('sha256')
      .update(`${route}\n${caller ? `${caller.role}:${caller.id}` : 'anonymous'}\n`)
      .update(canonicalJson(withoutSecrets(request.body)))
      .digest('hex');
    return { key, fingerprint };
  },
);
