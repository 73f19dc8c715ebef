import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
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
  private readonly secret: string;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    if (config.JWT_SECRET) {
      this.secret = config.JWT_SECRET;
    } else {
      // loadConfig refuses this under NODE_ENV=production.
      this.secret = randomBytes(48).toString('base64url');
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
      secret: this.secret,
      algorithm: 'HS256',
      expiresIn,
    });
    return { accessToken, expiresIn };
  }

  /** The principal of a valid token; undefined for anything else (bad, expired, malformed). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, {
        secret: this.secret,
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
