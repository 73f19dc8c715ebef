import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEMO_CUSTOMER, DEMO_STAFF, DemoAccounts } from '../src/demo/demo-accounts.js';
import { aLine, createProduct, eventually, rowCounts } from './support/builders.js';
import { createTestApp, type CustomerSession, type TestApp } from './support/test-app.js';

/**
 * README, "Teaching: the live demo": the page and its lesson controls exist only with
 * DEMO=true and change anything for staff only; each control does what its button says.
 */
const CONTROLS: [string, (t: TestApp, token?: string) => Promise<{ status: number }>][] = [
  ['GET /ops/demo', (t, token) => withToken(t, token).get('/ops/demo')],
  [
    'PUT /ops/demo/projector',
    (t, token) =>
      withToken(t, token).put('/ops/demo/projector').send({ delayMs: 0, broken: false }),
  ],
  ['POST /ops/demo/rebuild', (t, token) => withToken(t, token).post('/ops/demo/rebuild')],
];
const withToken = (t: TestApp, token: string | undefined) =>
  token === undefined ? t.anonymous : t.as(token);

describe('demo: without DEMO=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(CONTROLS)('%s is 404, even for staff', async (_route, send) => {
    expect((await send(t, t.staffToken)).status).toBe(404);
  });

  it.each(['/demo', '/demo/', '/demo/main.js', '/demo/index.html'])(
    'the page is not served: %s is 404',
    async (path) => {
      await t.anonymous.get(path).expect(404);
    },
  );

  it('creates no demo accounts', async () => {
    for (const { email, password } of [DEMO_STAFF, DEMO_CUSTOMER]) {
      await t.anonymous.post('/auth/token').send({ email, password }).expect(401);
    }
  });
});

describe('demo: with DEMO=true', () => {
  let t: TestApp;
  let db: DataSource;
  let customer: CustomerSession;
  let product: { id: string };
  beforeAll(async () => {
    // A short READ_WAIT_MS, so a slowed projector makes minPosition fall back quickly.
    t = await createTestApp({ DEMO: 'true', READ_WAIT_MS: '200', PROJECTION_POLL_MS: '100' });
    db = t.app.get<DataSource>(getDataSourceToken());
    customer = await t.signUp();
    product = await createProduct(t.http);
  });
  afterEach(async () => {
    await t.http.put('/ops/demo/projector').send({ delayMs: 0, broken: false }).expect(200);
  });
  afterAll(() => t.close());

  const projection = async () =>
    (await t.http.get('/ops/projections').expect(200)).body[0] as {
      position: number;
      headPosition: number;
      lag: number;
      lastError: string | null;
    };
  const order = async () =>
    (
      await customer.http
        .post('/orders')
        .send({ lines: [aLine(product)] })
        .expect(201)
    ).body as {
      id: string;
      position: number;
    };

  it.each(CONTROLS)('%s: 401 without a token', async (_route, send) => {
    expect((await send(t)).status).toBe(401);
  });

  it.each(CONTROLS)('%s: 403 for a customer', async (_route, send) => {
    expect((await send(t, customer.token)).status).toBe(403);
  });

  it('serves the page and its scripts from this origin, under the usual CSP', async () => {
    await t.anonymous.get('/demo').expect(301).expect('location', '/demo/');
    const page = await t.anonymous.get('/demo/').expect(200).expect('content-type', /html/);
    expect(page.text).toContain('<script type="module" src="main.js">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    await t.anonymous
      .get('/demo/main.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });

  it('creates the demo staff, customer and product once: a second start adds nothing', async () => {
    for (const { email, password } of [DEMO_STAFF, DEMO_CUSTOMER]) {
      await t.anonymous.post('/auth/token').send({ email, password }).expect(200);
    }
    const products = await t.anonymous.get('/products?limit=100').expect(200);
    const skus = (products.body.items as { sku: string }[]).map((p) => p.sku);
    expect(skus).toContain('DEMO-CUP');
    const before = await rowCounts(db, ['event_log']);
    await t.app.get(DemoAccounts).onApplicationBootstrap();
    expect(await rowCounts(db, ['event_log'])).toEqual(before);
  });

  it('shows the READ_VIEW level and the controls', async () => {
    const { body } = await t.http.get('/ops/demo').expect(200);
    expect(body).toEqual({
      readView: true,
      readWaitMs: 200,
      projector: { delayMs: 0, broken: false, failedAttempts: 0, retryIntervalsMs: [] },
      rebuild: null,
    });
  });

  it.each([
    [{ delayMs: 5001, broken: false }, /delayMs must not be greater than 5000/],
    [{ delayMs: -1, broken: false }, /delayMs must not be less than 0/],
    [{ delayMs: 10 }, /broken must be a boolean/],
    [{ delayMs: 0, broken: false, extra: 1 }, /property extra should not exist/],
  ])('PUT /ops/demo/projector %j: 400 saying what is wrong', async (body, message) => {
    const response = await t.http.put('/ops/demo/projector').send(body).expect(400);
    expect(JSON.stringify(response.body.message)).toMatch(message);
  });

  it('slowed down: the lag grows, and read-your-writes falls back to the write model', async () => {
    // Each batch waits 3 s first: the second order, the read (READ_WAIT_MS 200 ms) and the lag
    // below must all come before the view catches up, even on a loaded machine.
    await t.http.put('/ops/demo/projector').send({ delayMs: 3000, broken: false }).expect(200);
    const placed = await order(); // the runner may still be in a batch of its own: one more
    const last = await order();
    const read = await customer.http.get(`/me/orders?minPosition=${last.position}`).expect(200);
    expect(read.headers['x-read-source']).toBe('write-model');
    expect((read.body.items as { orderId: string }[]).map((i) => i.orderId)).toEqual(
      expect.arrayContaining([placed.id, last.id]),
    );
    expect((await projection()).lag).toBeGreaterThan(0);

    await t.http.put('/ops/demo/projector').send({ delayMs: 0, broken: false }).expect(200);
    // The batches already waiting finish their 3 s first.
    await eventually(async () => expect((await projection()).lag).toBe(0), 15_000);
  });

  it('broken: stops at the event, /health 503; repaired: goes on, nothing lost or doubled', async () => {
    await t.http.put('/ops/demo/projector').send({ delayMs: 0, broken: true }).expect(200);
    const placed = await order();
    const failed = await eventually(async () => {
      const status = await projection();
      expect(status.lastError).toMatch(/broke .* on purpose: event \d+/);
      return status;
    });
    expect(failed.position).toBeLessThan(placed.position);
    const health = await t.anonymous.get('/health').expect(503);
    // Public: which projection, not its error (that is for staff, checked above).
    expect(health.body.message).toContain('projection order_list_by_customer is failing');
    expect(JSON.stringify(health.body)).not.toContain('on purpose');
    // The runner retries one event at a time after 100, 200, 400 ms ... (a timer never fires
    // early, so each measured wait is at least that; load may only lengthen it).
    const backoff = await eventually(async () => {
      const { body } = await t.http.get('/ops/demo').expect(200);
      expect(body.projector.retryIntervalsMs.length).toBeGreaterThanOrEqual(3);
      return body.projector as { failedAttempts: number; retryIntervalsMs: number[] };
    }, 10_000);
    expect(backoff.failedAttempts).toBe(backoff.retryIntervalsMs.length + 1);
    const [first, second, third] = backoff.retryIntervalsMs;
    expect([first >= 95, second >= 195, third >= 395]).toEqual([true, true, true]);

    await t.http.put('/ops/demo/projector').send({ delayMs: 0, broken: false }).expect(200);
    // The backoff's next retry picks it up (it is not cut short: a bug waits for its retry).
    await eventually(async () => {
      const status = await projection();
      expect(status).toMatchObject({ lastError: null, lag: 0 });
    }, 10_000);
    await t.anonymous.get('/health').expect(200);
    const [orders, view] = await Promise.all([
      db.query<{ id: string }[]>('SELECT id FROM orders ORDER BY id'),
      db.query<{ id: string }[]>(
        'SELECT order_id AS id FROM order_list_by_customer ORDER BY order_id',
      ),
    ]);
    expect(view).toEqual(orders);
  });

  it('rebuild: 202 at once, 409 while one runs, then the view complete again', async () => {
    await order();
    // Slowed, so the rebuild is still running when the second request comes.
    await t.http.put('/ops/demo/projector').send({ delayMs: 300, broken: false }).expect(200);
    const started = await t.http.post('/ops/demo/rebuild').expect(202);
    expect(started.body.rebuild).toMatchObject({ running: true, error: null });
    const again = await t.http.post('/ops/demo/rebuild').expect(409);
    expect(again.body.message).toEqual(expect.stringContaining('running already'));
    await order(); // commands keep working meanwhile

    await t.http.put('/ops/demo/projector').send({ delayMs: 0, broken: false }).expect(200);
    const done = await eventually(async () => {
      const { body } = await t.http.get('/ops/demo').expect(200);
      expect(body.rebuild.running).toBe(false);
      return body.rebuild as { applied: number; total: number; error: string | null };
    }, 15_000);
    expect(done.error).toBeNull();
    expect(done.applied).toBeGreaterThanOrEqual(done.total);
    await eventually(async () => expect((await projection()).lag).toBe(0), 10_000);
    const [orders, view] = await Promise.all([
      db.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM orders'),
      db.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM order_list_by_customer'),
    ]);
    expect(Number(view[0].n)).toBe(Number(orders[0].n));
  });
});
