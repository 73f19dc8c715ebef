import { createHmac } from 'node:crypto';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/shared/auth/access-token.service.js';

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
 * A JWT made by hand, exactly as the app would sign it by default (HS256, TEST_JWT_SECRET,
 * our `iss` and `aud`), or with any part changed for an attack: another key, another
 * algorithm, an old expiry. A claim given as `undefined` is left out.
 */
export function forgeToken(
  claims: Record<string, unknown>,
  { secret = TEST_JWT_SECRET, alg = 'HS256', expiresIn = 3600 }: ForgeOptions = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iat: now,
    exp: now + expiresIn,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    ...claims,
  };
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The staff account of child apps: app-process.ts creates it once the app answers. */
export const CHILD_APP_STAFF = {
  id: '00000000-0000-4000-8000-00000000c0de',
  email: 'child-app-staff@example.org',
};

/** A staff token for child apps started with TEST_JWT_SECRET, as long-lived as ours (1 h). */
export const aStaffToken = (staffId: string = CHILD_APP_STAFF.id) =>
  forgeToken({ sub: staffId, role: 'staff' });
