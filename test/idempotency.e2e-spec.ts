import { createHash, randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { WriteQueue } from '../src/shared/database/write-queue.js';
import { IdempotencyStore } from '../src/shared/idempotency/idempotency-store.js';
import { IdempotencySweeper } from '../src/shared/idempotency/idempotency-sweeper.js';
import {
  aCustomer,
  aLine,
  aMissingId,
  anAddress,
  aProduct,
  aShop,
  createProduct,
  rowCounts,
} from './support/builders.js';
import { createTestApp, type CustomerSession, type TestApp } from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';

/**
 * README, "HTTP API" (Idempotency-Key), and ADR 0026: a retry with the same Idempotency-Key and
 * body returns the first answer and creates nothing; the same caller's key with a different
 * request gets 422; concurrent retries create one resource. Keys are per caller: another
 * caller's use of a key neither blocks it nor shows. An anonymous registration replays only
 * the very same request, password included. Keys expire after IDEMPOTENCY_TTL_HOURS and are
 * swept.
 */

/** Everything a creating command can write, and the table the keys live in. */
const TABLES = ['orders', 'order_lines', 'event_log', 'products', 'customers', 'idempotency_keys'];

const REUSED_MESSAGE =
  'Idempotency-Key was already used with a different request; use a new key for a new request';

const aKey = () => `key-${randomUUID()}`;

interface Answer {
  status: number;
  body: { id?: string; position?: number; message?: unknown; [field: string]: unknown };
}

/** What a test can observe of the write model: every row count and the event log head. */
async function stateOf(db: DataSource) {
  const counts = await rowCounts(db, TABLES);
  const [row] = await db.query<{ head: number | string | null }[]>(
    'SELECT MAX(position) AS head FROM event_log',
  );
  return { counts, head: Number(row?.head ?? 0) };
}

describe('Idempotency-Key on creating POSTs', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** POST as `who` (staff by default; POST /customers is public and ignores the token). */
  const post = async (
    path: string,
    body: unknown,
    key?: string,
    who: TestAgent = t.http,
  ): Promise<Answer> => {
    const request = who.post(path);
    if (key !== undefined) request.set('Idempotency-Key', key);
    const response = await request.send(body as object);
    return { status: response.status, body: response.body as Answer['body'] };
  };

  /** Each creating route, with a factory for a valid body (fresh unique fields each call). */
  const routes: [string, () => Promise<Record<string, unknown>>][] = [
    [
      '/orders',
      async () => {
        const { customer, cup, saucer } = await aShop(t.http);
        return { customerId: customer.id, lines: [aLine(cup, 2), aLine(saucer, 1)] };
      },
    ],
    ['/products', async () => aProduct()],
    ['/customers', async () => aCustomer({ address: anAddress() })],
  ];

  describe.each(routes)('POST %s', (path, aBody) => {
    it('a retry with the same key and body answers the first answer exactly and creates nothing', async () => {
      const body = await aBody();
      const key = aKey();
      const first = await post(path, body, key);
      expect(first.status).toBe(201);
      expect(first.body).toEqual(
        expect.objectContaining({ id: expect.any(String), position: expect.any(Number) }),
      );
      const before = await stateOf(db);

      for (let retry = 0; retry < 3; retry++) {
        const again = await post(path, body, key);
        expect(again).toEqual({ status: 201, body: first.body });
      }
      expect(await stateOf(db)).toEqual(before);
    });

    it('20 concurrent requests with one key create exactly one resource and all answer it', async () => {
      const body = await aBody();
      const key = aKey();
      const before = await stateOf(db);

      // On PostgreSQL these run at once: a retry that does not wait for the first request
      // meets its uncommitted rows (the key, a unique sku or email) and must still replay it.
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(path, body, key)));

      const created = path.slice(1);
      const after = await stateOf(db);
      expect(after.counts[created]).toBe(before.counts[created] + 1);
      expect(after.counts.event_log).toBe(before.counts.event_log + 1);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);
      const winner = answers.find((answer) => answer.status === 201);
      expect(winner?.body.position).toBe(after.head);
      expect(answers).toEqual(Array(20).fill({ status: 201, body: winner?.body }));
    });
  });

  /** The routes for callers with a token: a key is the caller's, a different request a 422. */
  const authenticatedRoutes = routes.filter(([path]) => path !== '/customers');

  describe.each(authenticatedRoutes)('POST %s, by a caller with a token', (path, aBody) => {
    it('the same key with a different body gets 422 and changes nothing; the first answer still replays', async () => {
      const body = await aBody();
      const key = aKey();
      const other = await aBody(); // for /orders this registers a shop: before the snapshot
      const first = await post(path, body, key);
      expect(first.status).toBe(201);
      const before = await stateOf(db);

      const reused = await post(path, other, key);
      expect(reused).toEqual({
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: REUSED_MESSAGE },
      });
      expect(await stateOf(db)).toEqual(before);
      expect(await post(path, body, key)).toEqual({ status: 201, body: first.body });
    });
  });

  it('requests without a key are unaffected: two identical POST /orders create two orders', async () => {
    const { customer, cup } = await aShop(t.http);
    const body = { customerId: customer.id, lines: [aLine(cup)] };
    const before = await stateOf(db);
    const first = await post('/orders', body);
    const second = await post('/orders', body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    const after = await stateOf(db);
    expect(after.counts.orders).toBe(before.counts.orders + 2);
    expect(after.counts.event_log).toBe(before.counts.event_log + 2);
    expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys);
  });

  describe('what counts as the same request', () => {
    it('object key order does not matter, at any depth: same fields in another order replay', async () => {
      const key = aKey();
      const address = anAddress();
      const customer = aCustomer({ address });
      const first = await post('/customers', customer, key);
      expect(first.status).toBe(201);
      const before = await stateOf(db);

      const reordered = {
        address: Object.fromEntries(Object.entries(address).reverse()),
        password: customer.password,
        email: customer.email,
        name: customer.name,
      };
      expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(customer));
      expect(await post('/customers', reordered, key)).toEqual({ status: 201, body: first.body });
      expect(await stateOf(db)).toEqual(before);
    });

    it('object key order does not matter on POST /orders either (top level and in lines)', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const key = aKey();
      const body = { customerId: customer.id, lines: [aLine(cup, 2), aLine(saucer, 1)] };
      const first = await post('/orders', body, key);
      expect(first.status).toBe(201);
      const before = await stateOf(db);

      const reordered = {
        lines: body.lines.map(({ productId, quantity }) => ({ quantity, productId })),
        customerId: customer.id,
      };
      expect(await post('/orders', reordered, key)).toEqual({ status: 201, body: first.body });
      expect(await stateOf(db)).toEqual(before);
    });

    it('the same caller with the same key on another route gets 422: a key used on /products, then on /orders', async () => {
      const { customer, cup } = await aShop(t.http);
      const key = aKey();
      const product = await post('/products', aProduct(), key);
      expect(product.status).toBe(201);
      const before = await stateOf(db);

      const order = await post('/orders', { customerId: customer.id, lines: [aLine(cup)] }, key);
      expect(order).toEqual({
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: REUSED_MESSAGE },
      });
      expect(await stateOf(db)).toEqual(before);
    });

    it('concurrent requests with one key and two bodies: one resource, the other body gets 422', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const key = aKey();
      const bodies = [
        { customerId: customer.id, lines: [aLine(cup, 1)] },
        { customerId: customer.id, lines: [aLine(saucer, 1)] },
      ];
      const before = await stateOf(db);

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post('/orders', bodies[i % 2], key)),
      );

      const winners = answers.filter((answer) => answer.status === 201);
      const losers = answers.filter((answer) => answer.status !== 201);
      expect(winners).toHaveLength(10);
      expect(new Set(winners.map((answer) => answer.body.id)).size).toBe(1);
      for (const answer of winners) expect(answer.body).toEqual(winners[0].body);
      for (const answer of losers) expect(answer.status).toBe(422);
      // Every request with the winner's body replays it; every one with the other body is refused.
      const winner = answers.indexOf(winners[0]) % 2;
      answers.forEach((answer, i) => expect(answer.status).toBe(i % 2 === winner ? 201 : 422));
      const after = await stateOf(db);
      expect(after.counts.orders).toBe(before.counts.orders + 1);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);
    });
  });

  describe('keys are per caller: another caller using a key neither blocks it nor learns of it', () => {
    let ada: CustomerSession;
    let bob: CustomerSession;
    let cup: { id: string };
    beforeAll(async () => {
      ada = await t.signUp();
      bob = await t.signUp();
      cup = await createProduct(t.http);
    });

    it('a key another customer used first is still free: each gets its own first answer, no 422, and each retry replays its own', async () => {
      const key = aKey();
      const body = { lines: [aLine(cup)] };
      const before = await stateOf(db);

      const bobs = await post('/orders', body, key, bob.http);
      const adas = await post('/orders', body, key, ada.http);
      expect([bobs.status, adas.status]).toEqual([201, 201]);
      expect(bobs.body.customerId).toBe(bob.customer.id);
      expect(adas.body.customerId).toBe(ada.customer.id);
      expect(adas.body.id).not.toBe(bobs.body.id);
      const after = await stateOf(db);
      expect(after.counts.orders).toBe(before.counts.orders + 2);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 2);

      expect(await post('/orders', body, key, ada.http)).toEqual(adas);
      expect(await post('/orders', body, key, bob.http)).toEqual(bobs);
      // The key is still each one's own: another request with it is a reuse, for both.
      for (const session of [ada, bob]) {
        expect((await post('/orders', { lines: [aLine(cup, 2)] }, key, session.http)).status).toBe(
          422,
        );
      }
      expect(await stateOf(db)).toEqual(after);
    });

    it('staff and a customer sending the very same request with one key each get their own order', async () => {
      const key = aKey();
      const body = { customerId: ada.customer.id, lines: [aLine(cup)] };

      const staffs = await post('/orders', body, key);
      const adas = await post('/orders', body, key, ada.http);
      expect([staffs.status, adas.status]).toEqual([201, 201]);
      expect(adas.body.id).not.toBe(staffs.body.id);
      expect(await post('/orders', body, key)).toEqual(staffs);
      expect(await post('/orders', body, key, ada.http)).toEqual(adas);
    });

    it('two customers, one key, at the same moment: one order each, and every request answers its own', async () => {
      const key = aKey();
      const body = { lines: [aLine(cup)] };
      const sessions = [ada, bob];
      const before = await stateOf(db);

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post('/orders', body, key, sessions[i % 2].http)),
      );

      const [adas, bobs] = [answers[0], answers[1]];
      expect(adas).toMatchObject({ status: 201, body: { customerId: ada.customer.id } });
      expect(bobs).toMatchObject({ status: 201, body: { customerId: bob.customer.id } });
      expect(adas.body.id).not.toBe(bobs.body.id);
      answers.forEach((answer, i) => expect(answer).toEqual(i % 2 === 0 ? adas : bobs));
      const after = await stateOf(db);
      expect(after.counts.orders).toBe(before.counts.orders + 2);
      expect(after.counts.event_log).toBe(before.counts.event_log + 2);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 2);
    });

    (TEST_DB === 'postgres' ? it : it.skip)(
      "PostgreSQL: a request waits on its own caller's lock on the key, never on another caller's",
      async () => {
        const key = aKey();
        const body = { lines: [aLine(cup)] };
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        // Ada's request with this key, in flight: its transaction holds the lock.
        const holder = db.transaction(async (manager) => {
          const scope = `customer:${ada.customer.id}`;
          await t.app.get(IdempotencyStore).lock(manager, { key, scope, fingerprint: '' });
          locked();
          await released;
        });
        try {
          await isLocked;
          let adaAnswered = false;
          const adas = post('/orders', body, key, ada.http).finally(() => (adaAnswered = true));
          const bobs = await Promise.race([
            post('/orders', body, key, bob.http),
            new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 5000)),
          ]);
          expect(bobs).toMatchObject({ status: 201, body: { customerId: bob.customer.id } });
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(adaAnswered).toBe(false); // ada's own retry does wait
          release();
          expect((await adas).status).toBe(201);
        } finally {
          release();
          await holder;
        }
      },
    );
  });

  describe('POST /customers, without a token: the request itself is the scope', () => {
    const EMAIL_TAKEN = {
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'this email is already registered' },
    };
    const ANOTHER_PASSWORD = 'another long password';

    it('the same key and body with another password is not a replay: it runs anew (409 email taken), stores nothing, and the first still replays', async () => {
      const key = aKey();
      const body = aCustomer({ address: anAddress() });
      const first = await post('/customers', body, key, t.anonymous);
      expect(first.status).toBe(201);
      const before = await stateOf(db);

      const other = await post(
        '/customers',
        { ...body, password: ANOTHER_PASSWORD },
        key,
        t.anonymous,
      );
      expect(other).toEqual(EMAIL_TAKEN);
      expect(await stateOf(db)).toEqual(before);
      expect(await post('/customers', body, key, t.anonymous)).toEqual(first);
      // The account is the first request's: its password logs in, the other one does not.
      await t.login(body.email, body.password);
      await t.anonymous
        .post('/auth/token')
        .send({ email: body.email, password: ANOTHER_PASSWORD })
        .expect(401);
    });

    it("the same key with another customer's body registers that customer: a caller without a token is known only by its request, so this is not a reuse (no 422)", async () => {
      const key = aKey();
      const [ada, bob] = [aCustomer(), aCustomer({ name: 'Bob' })];
      const first = await post('/customers', ada, key, t.anonymous);
      expect(first.status).toBe(201);
      const before = await stateOf(db);

      const second = await post('/customers', bob, key, t.anonymous);
      expect(second).toMatchObject({ status: 201, body: { name: 'Bob', email: bob.email } });
      const after = await stateOf(db);
      expect(after.counts.customers).toBe(before.counts.customers + 1);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);
      expect(await post('/customers', ada, key, t.anonymous)).toEqual(first);
      expect(await post('/customers', bob, key, t.anonymous)).toEqual(second);
    });

    it('one key, one email, two passwords at the same moment: one customer; every request with its password answers it, every other one is 409', async () => {
      const key = aKey();
      const body = aCustomer();
      const bodies = [body, { ...body, password: ANOTHER_PASSWORD }];
      const before = await stateOf(db);

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post('/customers', bodies[i % 2], key, t.anonymous)),
      );

      const winner = answers.find((answer) => answer.status === 201);
      expect(winner?.body.email).toBe(body.email);
      const won = answers.indexOf(winner as Answer) % 2;
      answers.forEach((answer, i) => expect(answer).toEqual(i % 2 === won ? winner : EMAIL_TAKEN));
      const after = await stateOf(db);
      expect(after.counts.customers).toBe(before.counts.customers + 1);
      expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);
      await t.login(body.email, bodies[won].password);
    });

    it('the stored row holds no password: the scope is the keyed fingerprint, not a plain hash of the request', async () => {
      const key = aKey();
      const body = aCustomer();
      expect((await post('/customers', body, key, t.anonymous)).status).toBe(201);

      const rows = await db.query<{ scope: string; fingerprint: string; answer: string }[]>(
        `SELECT scope, fingerprint, answer FROM idempotency_keys WHERE key = ${t.database === 'postgres' ? '$1' : '?'}`,
        [key],
      );
      expect(rows).toHaveLength(1);
      const [{ scope, fingerprint, answer }] = rows;
      expect(scope).toBe(`anonymous:${fingerprint}`);
      expect(`${scope} ${fingerprint} ${answer}`).not.toContain(body.password);
      const canonical = JSON.stringify({
        email: body.email,
        name: body.name,
        password: body.password,
      });
      for (const text of [canonical, `POST /customers\n${canonical}`]) {
        expect(fingerprint).not.toBe(createHash('sha256').update(text).digest('hex'));
      }
    });
  });

  describe('rows stored before keys were per caller (scope `legacy`)', () => {
    /** How fingerprints were computed then: sha256 of route, caller and canonical body. */
    const legacyFingerprint = (route: string, caller: string, canonicalBody: string) =>
      createHash('sha256').update(`${route}\n${caller}\n${canonicalBody}`).digest('hex');

    /** Inserted as the previous version does, without a scope (the column's default). */
    const storeLegacy = (key: string, fingerprint: string, answer: object) => {
      const sql =
        t.database === 'postgres'
          ? 'INSERT INTO idempotency_keys (key, fingerprint, answer, created_at) VALUES ($1, $2, $3, $4)'
          : 'INSERT INTO idempotency_keys (key, fingerprint, answer, created_at) VALUES (?, ?, ?, ?)';
      const values = [key, fingerprint, JSON.stringify(answer), new Date().toISOString()];
      return t.app.get(WriteQueue).run(() => db.query(sql, values));
    };

    const staffId = () =>
      (
        JSON.parse(Buffer.from(t.staffToken.split('.')[1], 'base64url').toString()) as {
          sub: string;
        }
      ).sub;

    it('replays to its caller with the same request; to another caller, or another request, the key is new (no 422)', async () => {
      const { customer, cup } = await aShop(t.http);
      const bob = await t.signUp();
      const key = aKey();
      // Keys in sorted order, so JSON.stringify gives the canonical form.
      const body = { customerId: customer.id, lines: [{ productId: cup.id, quantity: 1 }] };
      const stored = { id: randomUUID(), stored: 'before the upgrade', position: 1 };
      const caller = `staff:${staffId()}`;
      await storeLegacy(
        key,
        legacyFingerprint('POST /orders', caller, JSON.stringify(body)),
        stored,
      );

      expect(await post('/orders', body, key)).toEqual({ status: 201, body: stored });
      const bobs = await post('/orders', { lines: [aLine(cup)] }, key, bob.http);
      expect(bobs).toMatchObject({ status: 201, body: { customerId: bob.customer.id } });
      const another = await post(
        '/orders',
        { customerId: customer.id, lines: [aLine(cup, 2)] },
        key,
      );
      expect(another).toMatchObject({ status: 201, body: { customerId: customer.id } });
      expect(another.body.id).not.toBe(stored.id);
    });

    it('an anonymous registration stored then is never replayed: its fingerprint left the password out', async () => {
      const key = aKey();
      const body = aCustomer();
      const withoutPassword = JSON.stringify({ email: body.email, name: body.name });
      const stored = { id: randomUUID(), stored: 'before the upgrade', position: 1 };
      await storeLegacy(
        key,
        legacyFingerprint('POST /customers', 'anonymous', withoutPassword),
        stored,
      );

      const answer = await post('/customers', body, key, t.anonymous);
      expect(answer).toMatchObject({ status: 201, body: { email: body.email } });
      expect(answer.body.id).not.toBe(stored.id);
    });
  });

  describe('a failed request stores nothing: a retry runs the command again', () => {
    it('404 unknown customer: the retry is 404 again, and the key is still free for another request', async () => {
      const { cup } = await aShop(t.http);
      const key = aKey();
      const missing = aMissingId();
      const body = { customerId: missing, lines: [aLine(cup)] };
      const before = await stateOf(db);

      const notFound = {
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: `customer ${missing} not found` },
      };
      expect(await post('/orders', body, key)).toEqual(notFound);
      expect(await post('/orders', body, key)).toEqual(notFound);
      expect(await stateOf(db)).toEqual(before);

      const { customer } = await aShop(t.http);
      const placed = await post('/orders', { customerId: customer.id, lines: [aLine(cup)] }, key);
      expect(placed.status).toBe(201);
      expect(placed.body.customerId).toBe(customer.id);
    });

    it('422 unknown product: the retry is the same 422 (not the key-reuse one), nothing stored', async () => {
      const { customer } = await aShop(t.http);
      const key = aKey();
      const missing = aMissingId();
      const body = { customerId: customer.id, lines: [{ productId: missing, quantity: 1 }] };
      const before = await stateOf(db);

      const unknown = {
        status: 422,
        body: {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: `unknown product: ${missing}`,
        },
      };
      expect(await post('/orders', body, key)).toEqual(unknown);
      expect(await post('/orders', body, key)).toEqual(unknown);
      expect(await stateOf(db)).toEqual(before);
    });

    it('409 sku taken: the retry with the same key is 409 again; the key then works for a free sku', async () => {
      const taken = await createProduct(t.http);
      const key = aKey();
      const body = aProduct({ sku: taken.sku });
      const before = await stateOf(db);

      const conflict = {
        status: 409,
        body: {
          statusCode: 409,
          error: 'Conflict',
          message: `sku ${String(taken.sku)} is already taken`,
        },
      };
      expect(await post('/products', body, key)).toEqual(conflict);
      expect(await post('/products', body, key)).toEqual(conflict);
      expect(await stateOf(db)).toEqual(before);

      const created = await post('/products', aProduct(), key);
      expect(created.status).toBe(201);
      expect(await post('/products', body, key)).toEqual({
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: REUSED_MESSAGE },
      });
    });

    it('400 invalid body: nothing stored, the key then works for a valid body', async () => {
      const key = aKey();
      const before = await stateOf(db);
      const invalid = await post('/products', aProduct({ priceCents: -1 }), key);
      expect(invalid.status).toBe(400);
      expect(await stateOf(db)).toEqual(before);
      expect((await post('/products', aProduct(), key)).status).toBe(201);
    });
  });

  describe('invalid keys', () => {
    it.each<[string, string]>([
      ['empty', ''],
      ['over 200 characters', 'k'.repeat(201)],
      ['non-ASCII', 'clé-1'],
      ['a space inside', 'my key'],
      ['a tab inside', 'my\tkey'],
    ])(
      '%s: 400 naming Idempotency-Key, on every creating route, nothing created',
      async (_, key) => {
        const { customer, cup } = await aShop(t.http);
        const before = await stateOf(db);
        const requests: [string, unknown][] = [
          ['/orders', { customerId: customer.id, lines: [aLine(cup)] }],
          ['/products', aProduct()],
          ['/customers', aCustomer()],
        ];
        for (const [path, body] of requests) {
          const answer = await post(path, body, key);
          expect(answer).toEqual({
            status: 400,
            body: {
              statusCode: 400,
              error: 'Bad Request',
              message: expect.stringContaining('Idempotency-Key'),
            },
          });
        }
        expect(await stateOf(db)).toEqual(before);
      },
    );

    it('exactly 200 printable ASCII characters is a valid key', async () => {
      const key = `${randomUUID()}!~`.padEnd(200, 'x');
      const body = aProduct();
      const first = await post('/products', body, key);
      expect(first.status).toBe(201);
      expect(await post('/products', body, key)).toEqual({ status: 201, body: first.body });
    });
  });
});

describe('Idempotency-Key expiry (IDEMPOTENCY_TTL_HOURS=1)', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp({ IDEMPOTENCY_TTL_HOURS: '1' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const post = async (path: string, body: unknown, key: string): Promise<Answer> => {
    const response = await t.http
      .post(path)
      .set('Idempotency-Key', key)
      .send(body as object);
    return { status: response.status, body: response.body as Answer['body'] };
  };

  /** Moves a stored key's created_at into the past, in the write queue like every write. */
  const age = (key: string, hours: number) => {
    const createdAt = new Date(Date.now() - hours * 3_600_000).toISOString();
    const sql =
      t.database === 'postgres'
        ? 'UPDATE idempotency_keys SET created_at = $1 WHERE key = $2'
        : 'UPDATE idempotency_keys SET created_at = ? WHERE key = ?';
    return t.app.get(WriteQueue).run(() => db.query(sql, [createdAt, key]));
  };

  const storedKeys = async () =>
    (await db.query<{ key: string }[]>('SELECT key FROM idempotency_keys ORDER BY key')).map(
      (row) => row.key,
    );

  it('the sweeper deletes an expired key (answers 1) and keeps a fresh one', async () => {
    const { customer, cup } = await aShop(t.http);
    const body = { customerId: customer.id, lines: [aLine(cup)] };
    const [expired, fresh] = [`a-${aKey()}`, `b-${aKey()}`];
    const first = await post('/orders', body, expired);
    const kept = await post('/orders', body, fresh);
    expect([first.status, kept.status]).toEqual([201, 201]);
    await age(expired, 2);
    await age(fresh, 0.5);

    expect(await t.app.get(IdempotencySweeper).sweep()).toBe(1);
    expect(await storedKeys()).toEqual([fresh]);
    expect(await t.app.get(IdempotencySweeper).sweep()).toBe(0);

    // The fresh key still replays; the swept one is new again and creates a new order.
    expect(await post('/orders', body, fresh)).toEqual({ status: 201, body: kept.body });
    const ordersBefore = (await rowCounts(db, ['orders'])).orders;
    const again = await post('/orders', body, expired);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect((await rowCounts(db, ['orders'])).orders).toBe(ordersBefore + 1);
  });

  it('an expired key that was not swept yet is treated as new: the retry creates a new order', async () => {
    const { customer, cup } = await aShop(t.http);
    const body = { customerId: customer.id, lines: [aLine(cup, 3)] };
    const key = aKey();
    const first = await post('/orders', body, key);
    expect(first.status).toBe(201);
    await age(key, 2);
    const before = await rowCounts(db, ['orders', 'idempotency_keys']);

    const again = await post('/orders', body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.position).toBeGreaterThan(first.body.position as number);
    expect(await rowCounts(db, ['orders', 'idempotency_keys'])).toEqual({
      orders: before.orders + 1,
      idempotency_keys: before.idempotency_keys,
    });
    // The new answer is the one stored now: a further retry replays it.
    expect(await post('/orders', body, key)).toEqual({ status: 201, body: again.body });
  });

  it('an expired key may be reused with a different body: it is a new key then, not a 422', async () => {
    const key = aKey();
    expect((await post('/products', aProduct(), key)).status).toBe(201);
    await age(key, 2);
    expect((await post('/products', aProduct(), key)).status).toBe(201);
  });
});
