import { createHmac, randomUUID } from 'node:crypto';

/** The JWT_SECRET every test app and child app runs with, so tests can forge tokens. */
export const TEST_JWT_SECRET = 'test-only-secret-0123456789abcdefghijklmnop';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface ForgeOptions {
  secret?: string;
  /** The header's `alg`; `none` leaves the signature empty. */
  alg?: string;
  /** Seconds from now; negative for an expired token. Default one hour. */
  expiresIn?: number;
}

/**
 * A JWT made by hand, exactly as the app would sign it by default (HS256, TEST_JWT_SECRET),
 * or with any part changed for an attack: another key, another algorithm, an old expiry.
 */
export function forgeToken(
  claims: Record<string, unknown>,
  { secret = TEST_JWT_SECRET, alg = 'HS256', expiresIn = 3600 }: ForgeOptions = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64({ iat: now, exp: now + expiresIn, ...claims })}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A staff token for child apps started with TEST_JWT_SECRET (staff ids are not looked up). */
export const aStaffToken = (staffId: string = randomUUID()) =>
  forgeToken({ sub: staffId, role: 'staff' }, { expiresIn: 24 * 3600 });
