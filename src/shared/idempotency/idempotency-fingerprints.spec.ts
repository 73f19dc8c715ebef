import { createHash } from 'node:crypto';
import { loadConfig } from '../config/app-config.js';
import { IdempotencyFingerprints, type IdempotencyKeyHeader } from './idempotency-fingerprints.js';

const SECRET = 'a-test-secret-0123456789abcdefghijklmnopqrstuv';
const ANOTHER_SECRET = 'another-secret-0123456789abcdefghijklmnopqrst';

const fingerprints = (JWT_SECRET?: string) =>
  new IdempotencyFingerprints(loadConfig(JWT_SECRET ? { JWT_SECRET } : {}));

const registration = (body: Record<string, unknown>): IdempotencyKeyHeader => ({
  key: 'key-1',
  route: 'POST /customers',
  caller: undefined,
  body,
});

const ada = { name: 'Ada', email: 'ada@example.org', password: 'correct horse battery staple' };

describe('IdempotencyFingerprints', () => {
  it('fingerprints the whole body, the password included, whatever the order of its keys', () => {
    const of = (body: Record<string, unknown>) =>
      fingerprints(SECRET).requestOf(registration(body)).fingerprint;

    expect(of({ password: ada.password, email: ada.email, name: ada.name })).toBe(of(ada));
    expect(of({ ...ada, password: 'another long password' })).not.toBe(of(ada));
  });

  it('is keyed by JWT_SECRET: another secret gives another fingerprint, and none is a plain hash of the request', () => {
    const mine = fingerprints(SECRET).requestOf(registration(ada)).fingerprint;

    expect(fingerprints(SECRET).requestOf(registration(ada)).fingerprint).toBe(mine);
    expect(fingerprints(ANOTHER_SECRET).requestOf(registration(ada)).fingerprint).not.toBe(mine);
    // Without JWT_SECRET the key is random, a new one each start.
    expect(fingerprints().requestOf(registration(ada)).fingerprint).not.toBe(
      fingerprints().requestOf(registration(ada)).fingerprint,
    );
    const canonical = JSON.stringify({ email: ada.email, name: ada.name, password: ada.password });
    for (const text of [canonical, `POST /customers\n${canonical}`]) {
      expect(mine).not.toBe(createHash('sha256').update(text).digest('hex'));
    }
    expect(mine).toMatch(/^[0-9a-f]{64}$/);
  });

  it("scopes a key by the token's subject, and an anonymous one by its request", () => {
    const staff = { id: '00000000-0000-4000-8000-000000000001', role: 'staff' as const };
    const order = { key: 'key-1', route: 'POST /orders', caller: staff, body: { lines: [] } };

    const byStaff = fingerprints(SECRET).requestOf(order);
    expect(byStaff).toEqual({
      key: 'key-1',
      scope: `staff:${staff.id}`,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      // as computed while keys were global: the caller inside, unkeyed
      legacyFingerprint: createHash('sha256')
        .update(`POST /orders\nstaff:${staff.id}\n{"lines":[]}`)
        .digest('hex'),
    });
    const anonymous = fingerprints(SECRET).requestOf(registration(ada));
    expect(anonymous).toEqual({
      key: 'key-1',
      scope: `anonymous:${anonymous.fingerprint}`,
      fingerprint: anonymous.fingerprint,
    });
  });
});
