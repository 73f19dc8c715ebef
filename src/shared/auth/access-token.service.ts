import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';
import type { AccessTokenClaims, Principal, Role } from './principal.js';

const ROLES: readonly Role[] = ['customer', 'staff'];

/** Who signs the tokens (`iss`) and whom they are for (`aud`): this API and no other. */
export const TOKEN_ISSUER = 'nest-cqrs-starter';
export const TOKEN_AUDIENCE = 'nest-cqrs-starter-api';

/** How far ahead of ours another clock may be when it signs (`iat`), in seconds. */
const CLOCK_TOLERANCE_SECONDS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The registered claims verification looks at beyond the signature (RFC 7519). */
interface RegisteredClaims {
  iat?: unknown;
  exp?: unknown;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/**
 * Signs and checks access tokens: JWTs signed with HS256 and JWT_SECRET, nothing else.
 * Verification accepts HS256 only (so `alg: none` and any other algorithm are refused),
 * checks the signature, our `iss` and `aud`, and a bounded life: `exp` and `iat` are
 * required, `iat` is not in the future, and `exp` is at most JWT_TTL_SECONDS after it, so
 * even a token signed with the real key lives no longer than the tokens we issue. Then the
 * claims' shape.
 */
@Injectable()
export class AccessTokenService {
  /**
   * A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a
   * public key on every call, which cost a fifth of a read request's CPU (bench/ profile).
   */
  private readonly secret: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    if (config.JWT_SECRET) {
      this.secret = createSecretKey(Buffer.from(config.JWT_SECRET));
    } else {
      // loadConfig refuses this under NODE_ENV=production. The HTTP server warns about it
      // at start-up (main.ts); the CLIs issue no tokens and say nothing.
      this.secret = createSecretKey(randomBytes(48));
    }
  }

  async issue({ id, role }: Principal): Promise<IssuedToken> {
    const claims: AccessTokenClaims = { sub: id, role };
    const expiresIn = this.config.JWT_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.secret,
      algorithm: 'HS256',
      expiresIn,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn };
  }

  /** The principal of a valid token; undefined for anything else (bad, expired, malformed). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims> & RegisteredClaims>(
        token,
        {
          // jsonwebtoken takes the KeyObject; @nestjs/jwt's option type only names string | Buffer.
          publicKey: this.secret as unknown as Buffer,
          algorithms: ['HS256'],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
        },
      );
      if (!this.hasBoundedLife(claims)) return undefined;
      const { sub, role } = claims;
      if (typeof sub !== 'string' || !UUID.test(sub)) return undefined;
      if (typeof role !== 'string' || !ROLES.includes(role)) return undefined;
      return { id: sub, role };
    } catch {
      return undefined;
    }
  }

  /** jsonwebtoken checks `exp` only when present, and never an `iat` in the future. */
  private hasBoundedLife({ iat, exp }: RegisteredClaims): boolean {
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    const now = Date.now() / 1000;
    return iat <= now + CLOCK_TOLERANCE_SECONDS && exp - iat <= this.config.JWT_TTL_SECONDS;
  }
}
