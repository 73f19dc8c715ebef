import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../src/shared/auth/password-hasher.js';
import { A_PASSWORD, aCustomer } from './support/builders.js';
import { createTestApp, TEST_STAFF, type TestApp } from './support/test-app.js';

/** The real hasher, counting its verifications (each one is a scrypt). */
@Injectable()
class CountingPasswordHasher extends PasswordHasher {
  verifications = 0;
  override verify(password: string, stored: string): Promise<boolean> {
    this.verifications += 1;
    return super.verify(password, stored);
  }
}

const tooManyRequests = {
  statusCode: 429,
  error: 'Too Many Requests',
  message: expect.any(String),
};

/** Issue 13, findings 2 and 3: logging in and registering cannot be used to burn CPU. */
describe('login and registration under abuse', () => {
  describe('the cost of a login', () => {
    let t: TestApp;
    let hasher: CountingPasswordHasher;
    let customerEmail: string;
    beforeAll(async () => {
      t = await createTestApp({}, (builder) =>
        builder.overrideProvider(PasswordHasher).useClass(CountingPasswordHasher),
      );
      hasher = t.app.get(PasswordHasher);
      customerEmail = (await t.signUp()).email;
    });
    afterAll(() => t.close());

    it.each([
      ['an unknown email', () => 'nobody@example.org', 'any password', 401],
      ['a wrong customer password', () => customerEmail, 'wrong password', 401],
      ['a wrong staff password', () => TEST_STAFF.email, 'wrong password', 401],
      ['a customer', () => customerEmail, A_PASSWORD, 200],
      ['staff', () => TEST_STAFF.email, TEST_STAFF.password, 200],
    ])('verifies one password hash for %s', async (_case, email, password, status) => {
      const before = hasher.verifications;
      await t.anonymous.post('/auth/token').send({ email: email(), password }).expect(status);
      expect(hasher.verifications - before).toBe(1);
    });
  });

  describe('per client address (AUTH_LIMIT_PER_MINUTE)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        AUTH_LIMIT_PER_MINUTE: '5',
        AUTH_LIMIT_PER_EMAIL: '0',
      });
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After past the limit on POST /auth/token, whatever the emails', async () => {
      // createTestApp's staff login spent the first of the 5.
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const attempt = { email: `guess-${i}@example.org`, password: 'guess' };
        statuses.push((await t.anonymous.post('/auth/token').send(attempt)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401]);
      const limited = await t.anonymous
        .post('/auth/token')
        .send({ email: 'guess-5@example.org', password: 'guess' })
        .expect(429);
      expect(limited.body).toEqual(tooManyRequests);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Other routes keep their own limit.
      await t.anonymous.get('/products').expect(200);
    });

    it('answers 429 with Retry-After past the limit on POST /customers, counted apart from logins', async () => {
      for (let i = 0; i < 5; i++) {
        await t.anonymous.post('/customers').send(aCustomer()).expect(201);
      }
      const limited = await t.anonymous.post('/customers').send(aCustomer()).expect(429);
      expect(limited.body).toEqual(tooManyRequests);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('per email (AUTH_LIMIT_PER_EMAIL)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        AUTH_LIMIT_PER_MINUTE: '1000',
        AUTH_LIMIT_PER_EMAIL: '3',
      });
    });
    afterAll(() => t.close());

    it('answers 429 past the limit for one email in any letter case; other emails still get their answer', async () => {
      const victim = await t.signUp();
      // signUp logged in once.
      for (let i = 0; i < 2; i++) {
        await t.anonymous
          .post('/auth/token')
          .send({ email: victim.email, password: 'guess' })
          .expect(401);
      }
      const limited = await t.anonymous
        .post('/auth/token')
        .send({ email: victim.email.toUpperCase(), password: A_PASSWORD })
        .expect(429);
      expect(limited.body).toEqual(tooManyRequests);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await t.anonymous
        .post('/auth/token')
        .send({ email: 'someone.else@example.org', password: 'guess' })
        .expect(401);
    });

    it('limits registrations of one email too: probing it for 409 stops at the limit', async () => {
      const body = aCustomer({ email: 'probed@example.org' });
      await t.anonymous.post('/customers').send(body).expect(201);
      await t.anonymous.post('/customers').send(body).expect(409);
      await t.anonymous.post('/customers').send(body).expect(409);
      const limited = await t.anonymous.post('/customers').send(body).expect(429);
      expect(limited.body).toEqual(tooManyRequests);
      expect(limited.headers['retry-after']).toBeDefined();
    });

    it('leaves a body without an email to validation (400, not counted)', async () => {
      for (let i = 0; i < 5; i++) {
        await t.anonymous.post('/auth/token').send({ password: 'guess' }).expect(400);
      }
    });
  });
});
