import { jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateStaffAccountCommand } from '../src/modules/identity/commands/create-staff-account/create-staff-account.command.js';
import { STAFF_EXISTENCE_CACHE_MS } from '../src/shared/auth/staff-accounts.js';
import type TestAgent from 'supertest/lib/agent.js';
import {
  A_PASSWORD,
  aCustomer,
  aLine,
  anAddress,
  aProduct,
  createProduct,
  median,
  placeOrder,
} from './support/builders.js';
import {
  createTestApp,
  type CustomerSession,
  TEST_STAFF,
  type TestApp,
} from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';
import { forgeToken } from './support/tokens.js';

/**
 * README, "Authentication": every route of the table, for an anonymous caller, a customer and
 * staff, allowed and denied; ownership (another customer's order is 404, not 403); the
 * token attacks (expired, tampered, unsigned, wrongly signed); logging in.
 */
describe('access: authentication and ownership', () => {
  let t: TestApp;
  let ada: CustomerSession;
  let bob: CustomerSession;
  let product: { id: string };
  let adasOrder: { id: string };
  let bobsOrder: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    ada = await t.signUp({ name: 'Ada' });
    bob = await t.signUp({ name: 'Bob' });
    product = await createProduct(t.http);
    adasOrder = await placeOrder(t.http, ada.customer.id, [aLine(product)]);
    bobsOrder = await placeOrder(t.http, bob.customer.id, [aLine(product)]);
  });
  afterAll(() => t.close());

  const unauthorized = {
    statusCode: 401,
    error: 'Unauthorized',
    message: expect.any(String),
  };
  const forbidden = { statusCode: 403, error: 'Forbidden', message: expect.any(String) };
  const decode = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

  type Call = (http: TestAgent) => Promise<{ status: number; body: unknown }>;
  const routes: [string, Call][] = [
    ['POST /products', (http) => http.post('/products').send(aProduct())],
    [
      'PATCH /products/:id/price',
      (http) => http.patch(`/products/${product.id}/price`).send({ priceCents: 100 }),
    ],
    ['GET /customers/:id', (http) => http.get(`/customers/${bob.customer.id}`)],
    [
      'PUT /customers/:id/address',
      (http) => http.put(`/customers/${bob.customer.id}/address`).send(anAddress()),
    ],
    [
      'POST /orders',
      (http) => http.post('/orders').send({ customerId: bob.customer.id, lines: [aLine(product)] }),
    ],
    ['GET /orders/:id', (http) => http.get(`/orders/${bobsOrder.id}`)],
    ['POST /orders/:id/cancel', (http) => http.post(`/orders/${randomUUID()}/cancel`)],
    ['POST /orders/:id/ship', (http) => http.post(`/orders/${randomUUID()}/ship`)],
    ['GET /customers/:id/orders', (http) => http.get(`/customers/${bob.customer.id}/orders`)],
    ['GET /me/orders', (http) => http.get('/me/orders')],
    ['GET /ops/projections', (http) => http.get('/ops/projections')],
    ['GET /metrics', (http) => http.get('/metrics')],
  ];

  describe('anonymous', () => {
    it.each(routes)('%s: 401 with WWW-Authenticate: Bearer', async (_route, call) => {
      const response = await call(t.anonymous);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(unauthorized);
      expect(
        (response as unknown as { headers: Record<string, string> }).headers['www-authenticate'],
      ).toBe('Bearer');
    });

    it('may register, log in, read products, /health and the docs', async () => {
      await t.anonymous.post('/customers').send(aCustomer()).expect(201);
      await t.anonymous
        .post('/auth/token')
        .send({ email: ada.email, password: A_PASSWORD })
        .expect(200);
      await t.anonymous.get('/products').expect(200);
      await t.anonymous.get(`/products/${product.id}`).expect(200);
      await t.anonymous.get('/health').expect(200);
      await t.anonymous.get('/docs-json').expect(200);
      await t.anonymous
        .get('/docs')
        .expect((response) => expect(response.status).toBeLessThan(400));
    });

    it('public routes ignore a bad token rather than refusing', async () => {
      await t.as('not-a-token').get('/products').expect(200);
    });
  });

  describe('a customer', () => {
    it.each([
      ['POST /products', (http: TestAgent) => http.post('/products').send(aProduct())],
      [
        'PATCH /products/:id/price',
        (http: TestAgent) => http.patch(`/products/${product.id}/price`).send({ priceCents: 1 }),
      ],
      [
        'GET /customers/:id of another',
        (http: TestAgent) => http.get(`/customers/${bob.customer.id}`),
      ],
      [
        'PUT /customers/:id/address of another',
        (http: TestAgent) => http.put(`/customers/${bob.customer.id}/address`).send(anAddress()),
      ],
      [
        'POST /orders for another',
        (http: TestAgent) =>
          http.post('/orders').send({ customerId: bob.customer.id, lines: [aLine(product)] }),
      ],
      [
        'POST /orders/:id/ship of its own',
        (http: TestAgent) => http.post(`/orders/${adasOrder.id}/ship`),
      ],
      [
        'GET /customers/:id/orders of another',
        (http: TestAgent) => http.get(`/customers/${bob.customer.id}/orders`),
      ],
      ['GET /ops/projections', (http: TestAgent) => http.get('/ops/projections')],
      ['GET /metrics', (http: TestAgent) => http.get('/metrics')],
    ])('%s: 403', async (_route, call) => {
      const response = await call(ada.http);
      expect(response.status).toBe(403);
      expect(response.body).toEqual(forbidden);
    });

    it('reads and changes itself', async () => {
      await ada.http.get(`/customers/${ada.customer.id}`).expect(200);
      await ada.http.get(`/customers/${ada.customer.id.toUpperCase()}`).expect(200);
      const moved = await ada.http
        .put(`/customers/${ada.customer.id}/address`)
        .send(anAddress({ city: 'Paris' }))
        .expect(200);
      expect(moved.body).toMatchObject({ id: ada.customer.id, address: { city: 'Paris' } });
      expect(moved.body).not.toHaveProperty('password');
      await ada.http.get(`/customers/${ada.customer.id}/orders`).expect(200);
    });

    it('places orders for itself: customerId from the token, or naming itself', async () => {
      const implicit = await ada.http
        .post('/orders')
        .send({ lines: [aLine(product)] })
        .expect(201);
      expect(implicit.body.customerId).toBe(ada.customer.id);
      const named = await ada.http
        .post('/orders')
        .send({ customerId: ada.customer.id.toUpperCase(), lines: [aLine(product, 2)] })
        .expect(201);
      expect(named.body.customerId).toBe(ada.customer.id);
    });

    it("reads its own order; another customer's is 404, exactly like a missing one", async () => {
      await ada.http.get(`/orders/${adasOrder.id}`).expect(200);
      const other = await ada.http.get(`/orders/${bobsOrder.id}`).expect(404);
      const missing = await ada.http.get(`/orders/${randomUUID()}`).expect(404);
      expect(Object.keys(other.body)).toEqual(Object.keys(missing.body));
      expect(other.body.message).toBe(`order ${bobsOrder.id} not found`);
    });

    it("cancels its own order; another customer's is 404 and stays as it was, even when it could not be cancelled", async () => {
      const own = await placeOrder(ada.http, ada.customer.id, [aLine(product)]);
      await ada.http.post(`/orders/${own.id}/cancel`).expect(200);

      await ada.http.post(`/orders/${bobsOrder.id}/cancel`).expect(404);
      await t.http
        .get(`/orders/${bobsOrder.id}`)
        .expect(200)
        .expect(({ body }) => expect(body.status).toBe('placed'));
      const bobsCancelled = await placeOrder(bob.http, bob.customer.id, [aLine(product)]);
      await bob.http.post(`/orders/${bobsCancelled.id}/cancel`).expect(200);
      await ada.http.post(`/orders/${bobsCancelled.id}/cancel`).expect(404); // not 409: no leak
    });

    it('GET /me/orders answers its own orders, as GET /customers/:id/orders does', async () => {
      const mine = await ada.http.get('/me/orders?limit=2').expect(200);
      const same = await t.http.get(`/customers/${ada.customer.id}/orders?limit=2`).expect(200);
      expect(mine.body).toEqual(same.body);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.headers['x-read-source']).toEqual(expect.any(String));
      expect(mine.headers['x-read-position']).toMatch(/^\d+$/);
      const all = await ada.http.get('/me/orders?limit=100').expect(200);
      const orderIds = (all.body.items as { orderId: string }[]).map((item) => item.orderId);
      expect(orderIds).toContain(adasOrder.id);
      expect(orderIds).not.toContain(bobsOrder.id);
      const next = await ada.http
        .get(`/me/orders?limit=2&cursor=${encodeURIComponent(mine.body.nextCursor)}`)
        .expect(200);
      expect(next.body.items[0]).not.toEqual(mine.body.items[0]);
      await ada.http.get('/me/orders?limit=0').expect(400);
    });

    it("GET /me/orders answers 404 when the token's customer is gone (a database reset under a live token), as the README and OpenAPI say", async () => {
      const gone = forgeToken({ sub: randomUUID(), role: 'customer' });
      const answer = await t.as(gone).get('/me/orders').expect(404);
      expect(answer.body).toMatchObject({
        statusCode: 404,
        message: expect.stringContaining('not found'),
      });
    });

    it('an Idempotency-Key Ada used is still free for Bob: he gets his own order, never hers, and no 422', async () => {
      const key = `shared-key-${randomUUID()}`;
      const body = { lines: [aLine(product)] };
      const first = await ada.http
        .post('/orders')
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const replay = await ada.http
        .post('/orders')
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(replay.body).toEqual(first.body);
      const other = await bob.http
        .post('/orders')
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(other.body.customerId).toBe(bob.customer.id);
      expect(JSON.stringify(other.body)).not.toContain(first.body.id);
    });
  });

  describe('staff', () => {
    it("stops a removed staff account's token within STAFF_EXISTENCE_CACHE_MS, not before it expires", async () => {
      const email = `leaver-${randomUUID()}@example.org`;
      await t.app.get(CommandBus).execute(new CreateStaffAccountCommand(email, A_PASSWORD));
      const login = await t.anonymous
        .post('/auth/token')
        .send({ email, password: A_PASSWORD })
        .expect(200);
      const leaver = t.as((login.body as { accessToken: string }).accessToken);
      await leaver.get('/ops/projections').expect(200); // checked, and remembered
      await t.app
        .get(DataSource)
        .query(
          `DELETE FROM identity_staff_accounts WHERE email = ${TEST_DB === 'postgres' ? '$1' : '?'}`,
          [email],
        );
      await leaver.get('/ops/projections').expect(200); // still remembered: the documented delay
      const now = Date.now();
      const later = jest.spyOn(Date, 'now').mockReturnValue(now + STAFF_EXISTENCE_CACHE_MS + 1);
      try {
        await leaver.get('/ops/projections').expect(401);
        await t.http.get('/ops/projections').expect(200); // the other staff are unaffected
      } finally {
        later.mockRestore();
      }
    });

    it('may do everything but GET /me/orders', async () => {
      const created = await t.http.post('/products').send(aProduct()).expect(201);
      await t.http.patch(`/products/${created.body.id}/price`).send({ priceCents: 99 }).expect(200);
      await t.http.get(`/customers/${bob.customer.id}`).expect(200);
      await t.http.put(`/customers/${bob.customer.id}/address`).send(anAddress()).expect(200);
      const order = await t.http
        .post('/orders')
        .send({ customerId: bob.customer.id, lines: [aLine(product)] })
        .expect(201);
      await t.http.get(`/orders/${order.body.id}`).expect(200);
      await t.http.post(`/orders/${order.body.id}/ship`).expect(200);
      const another = await placeOrder(t.http, bob.customer.id, [aLine(product)]);
      await t.http.post(`/orders/${another.id}/cancel`).expect(200);
      await t.http.get(`/customers/${bob.customer.id}/orders`).expect(200);
      await t.http.get('/ops/projections').expect(200);
      await t.http.get('/metrics').expect(200);
      const me = await t.http.get('/me/orders').expect(403);
      expect(me.body).toEqual(forbidden);
    });

    it('must name the customer of an order', async () => {
      const response = await t.http
        .post('/orders')
        .send({ lines: [aLine(product)] })
        .expect(400);
      expect(JSON.stringify(response.body.message)).toContain('customerId');
    });
  });

  describe('tokens', () => {
    const adaClaims = () => ({ sub: ada.customer.id, role: 'customer' });
    const tamper = (token: string, claims: object) => {
      const [header, , signature] = token.split('.');
      return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    };

    const inAYear = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;

    it('a token forged exactly like ours works (the control for the attacks below)', async () => {
      await t.as(forgeToken(adaClaims())).get('/me/orders').expect(200);
      const staffId = (decode(t.staffToken) as { sub: string }).sub;
      await t
        .as(forgeToken({ sub: staffId, role: 'staff' }))
        .get('/ops/projections')
        .expect(200);
    });

    it.each([
      ['expired', () => forgeToken(adaClaims(), { expiresIn: -10 })],
      ['unsigned (alg none)', () => forgeToken(adaClaims(), { alg: 'none' })],
      [
        'unsigned, as staff',
        () => forgeToken({ sub: ada.customer.id, role: 'staff' }, { alg: 'none' }),
      ],
      [
        'signed with another key',
        () => forgeToken(adaClaims(), { secret: 'another-secret-of-at-least-32-characters' }),
      ],
      ['signed with another algorithm (HS512)', () => forgeToken(adaClaims(), { alg: 'HS512' })],
      [
        'tampered: role changed to staff',
        () => tamper(ada.token, { ...adaClaims(), role: 'staff', exp: 4102444800 }),
      ],
      [
        'tampered: subject changed to another customer',
        () => tamper(ada.token, { sub: bob.customer.id, role: 'customer', exp: 4102444800 }),
      ],
      ['with an unknown role', () => forgeToken({ sub: ada.customer.id, role: 'admin' })],
      ['with a subject that is not an id', () => forgeToken({ sub: 'ada', role: 'customer' })],
      ['without exp', () => forgeToken({ ...adaClaims(), exp: undefined })],
      ['without iat', () => forgeToken({ ...adaClaims(), iat: undefined })],
      [
        'issued a year ahead',
        () => forgeToken({ ...adaClaims(), iat: inAYear, exp: inAYear + 3600 }),
      ],
      ['living longer than JWT_TTL_SECONDS', () => forgeToken(adaClaims(), { expiresIn: 3601 })],
      ['without iss', () => forgeToken({ ...adaClaims(), iss: undefined })],
      ['from another issuer', () => forgeToken({ ...adaClaims(), iss: 'another-service' })],
      ['without aud', () => forgeToken({ ...adaClaims(), aud: undefined })],
      ['for another audience', () => forgeToken({ ...adaClaims(), aud: 'another-api' })],
      ['as staff, naming no staff account', () => forgeToken({ sub: randomUUID(), role: 'staff' })],
      ['as staff, naming a customer', () => forgeToken({ sub: ada.customer.id, role: 'staff' })],
      ['not a JWT', () => 'garbage'],
      ['a truncated JWT', () => ada.token.slice(0, -5)],
    ])('%s: 401', async (_case, token) => {
      const response = await t.as(token()).get('/me/orders');
      expect(response.status).toBe(401);
      expect(response.body).toEqual(unauthorized);
    });

    it('must come as `Bearer <token>`', async () => {
      await t.anonymous.get('/me/orders').set('Authorization', ada.token).expect(401);
      await t.anonymous.get('/me/orders').set('Authorization', `Basic ${ada.token}`).expect(401);
      await t.anonymous.get('/me/orders').set('Authorization', `Bearer ${ada.token}`).expect(200);
    });
  });

  describe('POST /auth/token', () => {
    it('answers { accessToken, expiresIn }: an HS256 JWT with the subject and role', async () => {
      const response = await t.anonymous
        .post('/auth/token')
        .send({ email: ada.email.toUpperCase(), password: A_PASSWORD })
        .expect(200);
      expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600 });
      const [header] = (response.body.accessToken as string).split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
        alg: 'HS256',
      });
      const claims = decode(response.body.accessToken);
      expect(claims).toMatchObject({ sub: ada.customer.id, role: 'customer' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
      expect(claims).toMatchObject({ iss: 'nest-cqrs-starter', aud: 'nest-cqrs-starter-api' });

      const staff = await t.anonymous.post('/auth/token').send(TEST_STAFF).expect(200);
      expect(decode(staff.body.accessToken)).toMatchObject({ role: 'staff' });
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const wrongPassword = await t.anonymous
        .post('/auth/token')
        .send({ email: ada.email, password: 'wrong password' })
        .expect(401);
      const unknownEmail = await t.anonymous
        .post('/auth/token')
        .send({ email: 'nobody@example.org', password: A_PASSWORD })
        .expect(401);
      const wrongStaff = await t.anonymous
        .post('/auth/token')
        .send({ ...TEST_STAFF, password: 'wrong password' })
        .expect(401);
      expect(wrongPassword.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid email or password',
      });
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(wrongStaff.body).toEqual(wrongPassword.body);
    });

    it('takes about as long for an unknown email as for a wrong customer or staff password', async () => {
      // Interleaved, so a machine busy with other tests slows all alike; compared round by
      // round, and the median of those ratios, so a pause (GC, another process) that lands on
      // one attempt of a round does not decide the outcome: it only ever adds time.
      const attempt = async (email: string) => {
        const started = performance.now();
        await t.anonymous
          .post('/auth/token')
          .send({ email, password: 'wrong password' })
          .expect(401);
        return performance.now() - started;
      };
      await attempt('warm-up@example.org');
      const rounds: { known: number; unknown: number; staff: number }[] = [];
      for (let i = 0; i < 8; i++) {
        const known = await attempt(ada.email);
        const unknown = await attempt('nobody@example.org');
        const staff = await attempt(TEST_STAFF.email);
        rounds.push({ known, unknown, staff });
      }
      const ratio = (which: 'unknown' | 'staff') =>
        median(rounds.map((round) => round[which] / round.known));
      // A missing dummy hash would make the unknown email tens of times faster.
      expect(ratio('unknown')).toBeGreaterThan(0.5);
      expect(ratio('unknown')).toBeLessThan(2);
      expect(ratio('staff')).toBeGreaterThan(0.5);
      expect(ratio('staff')).toBeLessThan(2);
    });

    it.each([
      ['no body fields', {}],
      ['no password', { email: 'ada@example.org' }],
      ['a password that is not a string', { email: 'ada@example.org', password: 12345678 }],
      ['an unknown field', { email: 'ada@example.org', password: 'x', role: 'staff' }],
    ])('answers 400 for %s', async (_case, body) => {
      await t.anonymous.post('/auth/token').send(body).expect(400);
    });

    it.each([
      // 150 letters, each with a variation selector: @MaxLength counted 150 and let it through.
      ['password', { email: 'ada@example.org', password: 'a\ufe0f'.repeat(150) }, 200],
      ['email', { email: `${'a\ufe0f'.repeat(130)}@example.org`, password: 'x' }, 254],
    ])(
      'answers 400 for a %s over its limit counted in characters (code points)',
      async (field, body, max) => {
        const response = await t.anonymous.post('/auth/token').send(body).expect(400);
        expect(response.body.message).toEqual([`${field} must be at most ${max} characters`]);
      },
    );
  });

  describe('passwords at registration', () => {
    it.each([
      ['missing', undefined],
      ['7 characters', 'x'.repeat(7)],
      ['201 characters', 'x'.repeat(201)],
      // Characters are code points: @MaxLength counted these 300 as 150 and let them through.
      ['300 characters, half of them variation selectors', 'a\ufe0f'.repeat(150)],
      ['not a string', 12345678],
    ])('answers 400 for a password %s', async (_case, password) => {
      const body = { ...aCustomer(), password };
      const response = await t.anonymous.post('/customers').send(body).expect(400);
      expect(JSON.stringify(response.body.message)).toContain('password');
    });

    it('says the limits in characters', async () => {
      for (const [password, message] of [
        ['x'.repeat(7), 'password must be at least 8 characters'],
        ['x'.repeat(201), 'password must be at most 200 characters'],
      ]) {
        const body = { ...aCustomer(), password };
        const response = await t.anonymous.post('/customers').send(body).expect(400);
        expect(response.body.message).toEqual([message]);
      }
    });

    it('accepts 8 and 200 characters, and never answers the password or its hash', async () => {
      // 14 characters, half of them variation selectors: @MinLength counted 7 and refused it.
      const passwords = [
        'x'.repeat(8),
        'y'.repeat(200),
        'a\ufe0f'.repeat(7),
        'b\ufe0f'.repeat(100),
      ];
      for (const password of passwords) {
        const body = aCustomer({ password });
        const response = await t.anonymous.post('/customers').send(body).expect(201);
        expect(JSON.stringify(response.body)).not.toMatch(/password|scrypt|xxxxxxxx|yyyyyyyy/);
        const customer = await t.http.get(`/customers/${response.body.id}`).expect(200);
        expect(JSON.stringify(customer.body)).not.toMatch(/password|scrypt/);
        await t.login(body.email, password);
      }
    });
  });
});

describe('access without JWT_SECRET (outside production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET: '' });
  });
  afterAll(() => t.close());

  it('signs with a generated key: its own tokens work, tokens signed with any other key do not', async () => {
    await t.http.get('/ops/projections').expect(200);
    await t
      .as(forgeToken({ sub: randomUUID(), role: 'staff' }))
      .get('/ops/projections')
      .expect(401);
  });
});
