/**
 * What a command needs to be idempotent: the client's key, whose key it is, and a digest of
 * its request (`IdempotencyKey()` makes it; ADR 0026).
 */
export interface IdempotencyRequest {
  key: string;
  /**
   * Whose key it is: `customer:<id>` or `staff:<id>`, the token's subject. An anonymous
   * caller has no identity but its request: `anonymous:<fingerprint>`.
   */
  scope: string;
  /**
   * HMAC-SHA256 of the method, route and whole body (a password included), keyed by a key
   * derived from JWT_SECRET: the same caller's key with another request is refused.
   */
  fingerprint: string;
  /**
   * The fingerprint as it was computed before keys were per caller, for authenticated
   * callers only: what a row written then (scope `legacy`) is matched by, until it expires.
   */
  legacyFingerprint?: string;
}
