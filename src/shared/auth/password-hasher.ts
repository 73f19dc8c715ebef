import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * scrypt (RFC 7914, Node's built-in) with a random 16-byte salt per password.
 *
 * Parameters: N = 2^15 (cost), r = 8 (block size), p = 1, a 64-byte key: about 32 MiB of
 * memory and some 50–100 ms of one libuv thread per hash, which makes guessing expensive
 * while keeping a login cheap enough. They are stored with each hash
 * (`scrypt$N$r$p$salt$key`, base64url), so they can be raised later: old hashes keep
 * verifying with their own parameters.
 *
 * Verification compares with `timingSafeEqual`, and `verifyNothing` costs the same as a
 * real verification, for a login whose email is unknown (no timing difference).
 */
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      keyLength,
      // scrypt needs 128 * N * r bytes; allow twice that, so the default limit never bites.
      { ...options, maxmem: 256 * (options.N ?? COST) * (options.r ?? BLOCK_SIZE) },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

@Injectable()
export class PasswordHasher {
  /** A hash of a random password: what an unknown account is checked against. */
  private dummy?: Promise<string>;

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(
      password,
      salt,
      { N: COST, r: BLOCK_SIZE, p: PARALLELIZATION },
      KEY_LENGTH,
    );
    return ['scrypt', COST, BLOCK_SIZE, PARALLELIZATION, b64(salt), b64(key)].join('$');
  }

  /** True when `password` matches `stored`; false for a malformed hash too, never throws for it. */
  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    const expected = Buffer.from(key ?? '', 'base64url');
    if (scheme !== 'scrypt' || expected.length === 0) return false;
    const actual = await derive(
      password,
      Buffer.from(salt ?? '', 'base64url'),
      { N: Number(n), r: Number(r), p: Number(p) },
      expected.length,
    );
    return timingSafeEqual(actual, expected);
  }

  /** Spends the time of a verification and answers false: for an unknown account. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(password, await this.dummy);
    return false;
  }
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');
