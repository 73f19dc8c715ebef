import * as fc from 'fast-check';
import { DataSource } from 'typeorm';
import type { ProductSalesResponse } from '../src/modules/orders/contracts/product-sales.response.js';
import { ProjectionRebuilder } from '../src/shared/projections/projection-rebuilder.js';
import { ProjectionRunner } from '../src/shared/projections/projection-runner.js';
import { aMissingId, aShop, createProduct, eventually, placeOrder } from './support/builders.js';
import { runSql } from './support/raw-sql.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const VIEW = 'product_sales';

type Sales = ProductSalesResponse;

/**
 * The same figures computed here, independently, from the write tables: what the view must
 * agree with whatever commands ran.
 */
async function salesFromWriteTables(t: TestApp): Promise<Map<string, Omit<Sales, 'productName'>>> {
  const lines = await t.app.get(DataSource).query<
    {
      product_id: string;
      quantity: number;
      unit_price_cents: number;
      order_id: string;
      status: string;
    }[]
  >(
    `SELECT l.product_id, l.quantity, l.unit_price_cents, l.order_id, o.status
       FROM order_lines l JOIN orders o ON o.id = l.order_id`,
  );
  const sales = new Map<string, Omit<Sales, 'productName'> & { orderIds: Set<string> }>();
  for (const line of lines) {
    const sale = sales.get(line.product_id) ?? {
      productId: line.product_id,
      unitsSold: 0,
      revenueCents: 0,
      orders: 0,
      cancelledUnits: 0,
      orderIds: new Set<string>(),
    };
    if (line.status === 'cancelled') {
      sale.cancelledUnits += Number(line.quantity);
    } else {
      sale.unitsSold += Number(line.quantity);
      sale.revenueCents += Number(line.quantity) * Number(line.unit_price_cents);
      sale.orderIds.add(line.order_id);
    }
    sale.orders = sale.orderIds.size;
    sales.set(line.product_id, sale);
  }
  return new Map([...sales].map(([id, { orderIds: _ids, ...figures }]) => [id, figures]));
}

const statusOf = async (t: TestApp) => {
  const response = await t.http.get('/ops/projections').expect(200);
  return (
    response.body as { name: string; position: number; lag: number; rebuilding: boolean }[]
  ).find((status) => status.name === VIEW)!;
};

describe('the product_sales read view', () => {
  /** Takes the orders; READ_VIEW=false, so nothing projects while the log fills. */
  let writer: TestApp;
  /** Started later on the same database, with the projection: it builds the view by replay. */
  let t: TestApp;
  let shop: Awaited<ReturnType<typeof aShop>>;
  let head = 0;

  beforeAll(async () => {
    writer = await createTestApp({ READ_VIEW: 'false' });
    shop = await aShop(writer.http);
  });
  afterAll(async () => {
    await t?.close(); // drops only its own unused database
    await writer?.close();
  });

  const sameDatabase = (): Record<string, string> =>
    writer.database === 'postgres'
      ? { DATABASE_URL: writer.config.DATABASE_URL! }
      : { SQLITE_PATH: writer.config.SQLITE_PATH };

  it('is built from an existing event log by replay, when the app starts with the projection', async () => {
    const { customer, cup, saucer } = shop;
    const orders = [];
    for (let n = 1; n <= 30; n++) {
      orders.push(
        await placeOrder(writer.http, customer.id, [
          { productId: cup.id, quantity: n },
          { productId: saucer.id, quantity: 1 },
          { productId: cup.id, quantity: 1 },
        ]),
      );
    }
    await writer.http.post(`/orders/${orders[0].id}/cancel`).expect(200);
    const shipped = await writer.http.post(`/orders/${orders[1].id}/ship`).expect(200);
    head = (shipped.body as { position: number }).position;
    // As if the projection had never existed: no checkpoint, an empty view.
    await runSql(sameDatabase(), [
      `DELETE FROM projection_checkpoints WHERE name = '${VIEW}'`,
      `DELETE FROM ${VIEW}`,
      'DELETE FROM product_sales_lines',
    ]);

    // A long READ_WAIT_MS: the reads with minPosition below must come from the view, even when
    // a batch is slow to commit on a loaded machine (a read waits only until the view is there).
    t = await createTestApp({ ...sameDatabase(), MIGRATIONS_RUN: 'false', READ_WAIT_MS: '10000' });

    await eventually(async () =>
      expect(await statusOf(t)).toMatchObject({ position: head, lag: 0, rebuilding: false }),
    );
    const expected = await salesFromWriteTables(writer);
    const cupSales = await t.http.get(`/products/${cup.id}/sales`).expect(200);
    expect(cupSales.headers['x-read-source']).toBe('view');
    expect(cupSales.body).toEqual({ ...expected.get(cup.id), productName: 'Cup' });
    expect(cupSales.body).toMatchObject({ unitsSold: 493, orders: 29, cancelledUnits: 2 });
    const saucerSales = await t.http.get(`/products/${saucer.id}/sales`).expect(200);
    expect(saucerSales.body).toEqual({ ...expected.get(saucer.id), productName: 'Saucer' });
  });

  it('lists the top sellers, most units first, from the view; the write model agrees', async () => {
    const top = await t.http.get('/products/top-sellers?limit=2').expect(200);
    expect(top.headers['x-read-source']).toBe('view');
    expect(Number(top.headers['x-read-position'])).toBeGreaterThanOrEqual(head);
    const { items } = top.body as { items: Sales[] };
    expect(items.map((item) => item.productName)).toEqual(['Cup', 'Saucer']);
    // READ_VIEW=false: the same answer from the write tables.
    const level1 = await writer.http.get('/products/top-sellers?limit=2').expect(200);
    expect(level1.headers['x-read-source']).toBe('write-model');
    expect(level1.body).toEqual(top.body);
    const one = await writer.http.get(`/products/${shop.cup.id}/sales`).expect(200);
    expect(one.body).toEqual(items[0]);
  });

  it('answers zeros for a product never ordered, 404 for an unknown one, 400 for bad input', async () => {
    const teapot = await createProduct(t.http, { name: 'Teapot', priceCents: 3000 });
    const never = await t.http.get(`/products/${teapot.id}/sales`).expect(200);
    expect(never.body).toEqual({
      productId: teapot.id,
      productName: 'Teapot',
      unitsSold: 0,
      revenueCents: 0,
      orders: 0,
      cancelledUnits: 0,
    });
    const missing = await t.http.get(`/products/${aMissingId()}/sales`).expect(404);
    expect(missing.body.message).toMatch(/product .* not found/);
    await t.http.get('/products/not-a-uuid/sales').expect(400);
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'minPosition=-1']) {
      const bad = await t.http.get(`/products/top-sellers?${query}`).expect(400);
      expect(JSON.stringify(bad.body.message)).toMatch(/limit|minPosition/);
    }
    await t.http.get(`/products/${shop.cup.id}/sales?minPosition=x`).expect(400);
  });

  it('is for staff only', async () => {
    await t.anonymous.get('/products/top-sellers').expect(401);
    await t.anonymous.get(`/products/${shop.cup.id}/sales`).expect(401);
    const customer = await t.signUp();
    await customer.http.get('/products/top-sellers').expect(403);
    await customer.http.get(`/products/${shop.cup.id}/sales`).expect(403);
  });

  it('reads your own write with minPosition, and shows in /ops/projections and /metrics', async () => {
    const order = await placeOrder(t.http, shop.customer.id, [
      { productId: shop.saucer.id, quantity: 7 },
    ]);
    const before = (await salesFromWriteTables(t)).get(shop.saucer.id)!;
    const response = await t.http
      .get(`/products/${shop.saucer.id}/sales?minPosition=${order.position}`)
      .expect(200);
    expect(Number(response.headers['x-read-position'])).toBeGreaterThanOrEqual(order.position);
    expect(response.body).toMatchObject({ unitsSold: before.unitsSold, orders: before.orders });
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(new RegExp(`projection_lag_events\\{projection="${VIEW}"\\} \\d`));
  });

  it('rebuilds to the same figures', async () => {
    const before = await t.http.get('/products/top-sellers?limit=100').expect(200);
    const runner = t.app.get(ProjectionRunner);
    const projection = runner.projections.find((p) => p.name === VIEW)!;
    await t.app.get(ProjectionRebuilder).rebuild(projection);
    const after = await t.http.get('/products/top-sellers?limit=100').expect(200);
    expect(after.headers['x-read-source']).toBe('view');
    expect(after.body).toEqual(before.body);
  });

  it('agrees with the write tables under random sequences of commands', async () => {
    const products = [shop.cup, shop.saucer, await createProduct(t.http, { priceCents: 1 })];
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('place' as const),
        lines: fc.array(
          fc.record({
            product: fc.nat({ max: products.length - 1 }),
            quantity: fc.integer({ min: 1, max: 20 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      fc.record({ kind: fc.constantFrom('cancel' as const, 'ship' as const), pick: fc.nat() }),
    );
    const placed: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        let position = 0;
        for (const c of commands) {
          if (c.kind === 'place') {
            const lines = c.lines.map((l) => ({
              productId: products[l.product].id,
              quantity: l.quantity,
            }));
            const order = await placeOrder(t.http, shop.customer.id, lines);
            placed.push(order.id);
            position = order.position;
          } else if (placed.length > 0) {
            const [id] = placed.splice(c.pick % placed.length, 1);
            const answer = await t.http.post(`/orders/${id}/${c.kind}`).expect(200);
            position = (answer.body as { position: number }).position;
          }
        }
        const expected = await salesFromWriteTables(t);
        for (const product of products) {
          const sales = await t.http
            .get(`/products/${product.id}/sales?minPosition=${position}`)
            .expect(200);
          // A product never sold has no row in the view: the write model answers (its zeros).
          expect(sales.headers['x-read-source']).toBe(
            expected.has(product.id) ? 'view' : 'write-model',
          );
          expect(sales.body).toEqual({
            productName: product.name,
            ...(expected.get(product.id) ?? {
              productId: product.id,
              unitsSold: 0,
              revenueCents: 0,
              orders: 0,
              cancelledUnits: 0,
            }),
          });
        }
      }),
      { numRuns: 12 },
    );
  });
});
