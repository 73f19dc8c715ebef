import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';
import type { AccessTokenClaims, Principal, Role } from './principal.js';

const ROLES: readonly Role[] = ['customer', 'staff'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface IssuedToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/**
 * Signs and checks access tokens: JWTs signed with HS256 and JWT_SECRET, nothing else.
 * Verification accepts HS256 only (so `alg: none` and any other algorithm are refused),
 * checks the signature and the expiry, and then the claims' shape.
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger('Auth');
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
      // loadConfig refuses this under NODE_ENV=production.
      this.secret = createSecretKey(randomBytes(48));
      this.logger.warn(
        'JWT_SECRET is not set: signing tokens with a random key generated at start-up. ' +
          'Tokens will not survive a restart nor work across instances; set JWT_SECRET.',
      );
    }
  }

  async issue({ id, role }: Principal): Promise<IssuedToken> {
    const claims: AccessTokenClaims = { sub: id, role };
    const expiresIn = this.config.JWT_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.secret,
      algorithm: 'HS256',
      expiresIn,
    });
    return { accessToken, expiresIn };
  }

  /** The principal of a valid token; undefined for anything else (bad, expired, malformed). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, {
        // jsonwebtoken takes the KeyObject; @nestjs/jwt's option type only names string | Buffer.
        publicKey: this.secret as unknown as Buffer,
        algorithms: ['HS256'],
      });
      const { sub, role } = claims;
      if (typeof sub !== 'string' || !UUID.test(sub)) return undefined;
      if (typeof role !== 'string' || !ROLES.includes(role)) return undefined;
      return { id: sub, role };
    } catch {
      return undefined;
    }
  }
}
