import { Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { AppConfig } from '../config/app-config.js';
import type { IdempotencyRequest } from './idempotency-request.js';

/** What `@IdempotencyKey()` reads off an HTTP request that carries the header. */
export interface IdempotencyKeyHeader {
  key: string;
  /** The method and route pattern: `POST /orders`. */
  route: string;
  /** The token's subject; undefined on a public route. */
  caller: Principal | undefined;
  body: unknown;
}

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
 * Whose a key is and what request it was used for (ADR 0026).
 *
 * The fingerprint covers the whole body, a registration's password included, so a replay
 * needs the very same request. It is stored, so it is an HMAC, keyed by a key derived from
 * JWT_SECRET: a plain hash of a body is a fast, unsalted, guessable hash of the password in
 * it, whereas without the key a stored fingerprint tells nothing. Without JWT_SECRET (never
 * in production) the key is random, like the token key: both die with the process.
 */
@Injectable()
export class IdempotencyFingerprints {
  private readonly secret: Buffer;

  constructor(config: AppConfig) {
    this.secret = config.JWT_SECRET
      ? Buffer.from(
          hkdfSync(
            'sha256',
            config.JWT_SECRET,
            '',
            'nest-cqrs-starter idempotency fingerprint',
            32,
          ),
        )
      : randomBytes(32);
  }

  requestOf({ key, route, caller, body }: IdempotencyKeyHeader): IdempotencyRequest {
    const fingerprint = createHmac('sha256', this.secret)
      .update(`${route}\n`)
      .update(canonicalJson(body))
      .digest('hex');
    // Anonymous callers cannot be told apart, but by what they send: the request itself is
    // the scope, so another body under the same key is someone else's request, not a reuse.
    if (!caller) return { key, scope: `anonymous:${fingerprint}`, fingerprint };
    const scope = `${caller.role}:${caller.id}`;
    return { key, scope, fingerprint, legacyFingerprint: legacyFingerprint(route, scope, body) };
  }
}

/**
 * How fingerprints were computed while keys were global: sha256 with the caller inside. Kept
 * until the rows written then (scope `legacy`) have expired; an authenticated route's body
 * has no password, which that formula left out.
 */
function legacyFingerprint(route: string, scope: string, body: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${scope}\n`)
    .update(canonicalJson(body))
    .digest('hex');
}
