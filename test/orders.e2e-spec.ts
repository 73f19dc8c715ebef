import { DataSource } from 'typeorm';
import {
  aLine,
  aMissingId,
  aShop,
  createProduct,
  eventually,
  placeOrder,
  registerCustomer,
  rowCounts,
  withoutPosition,
} from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Shop = Awaited<ReturnType<typeof aShop>>;

interface CustomerOrdersPage {
  items: { orderId: string; status: string; [field: string]: unknown }[];
  nextCursor: string | null;
}

describe('orders over HTTP', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** Everything an order command writes: a rejected one must leave all of it as it was. */
  const written = () => rowCounts(db, ['orders', 'order_lines', 'event_log']);

  const ordersOf = async (customerId: string, query = ''): Promise<CustomerOrdersPage> =>
    (await t.http.get(`/customers/${customerId}/orders${query}`).expect(200))
      .body as CustomerOrdersPage;

  /** Every order id of a customer, newest first, following nextCursor page by page. */
  const allOrderIdsOf = async (customerId: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await ordersOf(
        customerId,
        `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.orderId));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };

  describe('POST /orders', () => {
    it('places an order and answers it with the log position of OrderPlaced', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const startedAt = Date.now();
      const response = await t.http
        .post('/orders')
        .send({ customerId: customer.id, lines: [aLine(cup, 2), aLine(saucer, 1)] })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        customerId: customer.id,
        status: 'placed',
        placedAt: expect.any(String),
        totalCents: 2 * 1250 + 800,
        version: 1,
        lines: [
          { productId: cup.id, productName: 'Cup', quantity: 2, unitPriceCents: 1250 },
          { productId: saucer.id, productName: 'Saucer', quantity: 1, unitPriceCents: 800 },
        ],
        position: expect.any(Number),
      });
      const { placedAt, position } = response.body;
      expect(new Date(placedAt).toISOString()).toBe(placedAt);
      expect(Date.parse(placedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(Date.parse(placedAt)).toBeLessThanOrEqual(Date.now() + 1000);
      expect(position).toBeGreaterThan(saucer.position);
      await t.http.get(`/orders/${response.body.id}`).expect(200, withoutPosition(response.body));
    });

    it('keeps the product name and price of each line as they were when the order was placed', async () => {
      const { customer, cup } = await aShop(t.http);
      const before = await placeOrder(t.http, customer.id, [aLine(cup, 2)]);
      await t.http.patch(`/products/${cup.id}/price`).send({ priceCents: 9999 }).expect(200);

      await t.http.get(`/orders/${before.id}`).expect(200, withoutPosition(before));
      const after = await placeOrder(t.http, customer.id, [aLine(cup, 2)]);
      expect(after.lines).toEqual([
        { productId: cup.id, productName: 'Cup', quantity: 2, unitPriceCents: 9999 },
      ]);
      expect(after.totalCents).toBe(2 * 9999);
    });

    it('totals quantity times unit price over every line', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const teapot = await createProduct(t.http, { priceCents: 4199 });
      const order = await placeOrder(t.http, customer.id, [
        aLine(cup, 3),
        aLine(saucer, 7),
        aLine(teapot, 1),
      ]);
      expect(order.totalCents).toBe(3 * 1250 + 7 * 800 + 4199);
    });

    it('accepts 100 lines and quantities of 1 and 1000', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const lines = [aLine(saucer, 1000), ...Array.from({ length: 99 }, () => aLine(cup, 1))];
      const order = await placeOrder(t.http, customer.id, lines);
      expect(order.lines).toHaveLength(100);
      expect(order.totalCents).toBe(1000 * 800 + 99 * 1250);
    });

    it.each<[string, (shop: Shop) => Record<string, unknown>, string]>([
      ['no lines', () => ({ lines: undefined }), 'lines'],
      ['an empty lines array', () => ({ lines: [] }), 'lines'],
      ['lines that are an object, not an array', ({ cup }) => ({ lines: aLine(cup) }), 'lines'],
      ['lines that are a string', () => ({ lines: 'two cups' }), 'lines'],
      ['a line that is not an object', () => ({ lines: [42] }), 'lines'],
      ['a line that is an array', ({ cup }) => ({ lines: [[aLine(cup)]] }), 'lines'],
      [
        'more than 100 lines',
        ({ cup }) => ({ lines: Array.from({ length: 101 }, () => aLine(cup)) }),
        'lines',
      ],
      ['a quantity of 0', ({ cup }) => ({ lines: [aLine(cup, 0)] }), 'quantity'],
      ['a quantity of 1001', ({ cup }) => ({ lines: [aLine(cup, 1001)] }), 'quantity'],
      ['a quantity of 1.5', ({ cup }) => ({ lines: [aLine(cup, 1.5)] }), 'quantity'],
      ['a negative quantity', ({ cup }) => ({ lines: [aLine(cup, -1)] }), 'quantity'],
      [
        'a quantity as a string',
        ({ cup }) => ({ lines: [{ productId: cup.id, quantity: '2' }] }),
        'quantity',
      ],
      ['a missing quantity', ({ cup }) => ({ lines: [{ productId: cup.id }] }), 'quantity'],
      [
        'a productId that is not a UUID',
        () => ({ lines: [{ productId: 'cup', quantity: 1 }] }),
        'productId',
      ],
      ['a missing productId', () => ({ lines: [{ quantity: 1 }] }), 'productId'],
      ['a customerId that is not a UUID', () => ({ customerId: 'ada' }), 'customerId'],
      [
        'a missing customerId (staff must say whom they order for)',
        () => ({ customerId: undefined }),
        'customerId is required for staff',
      ],
      ['an unknown field', () => ({ coupon: 'FREE' }), 'coupon'],
      [
        'an unknown field in a line',
        ({ cup }) => ({ lines: [{ ...aLine(cup), note: 'gift' }] }),
        'note',
      ],
    ])(
      'answers 400 for %s, naming the field, and places nothing',
      async (_case, overrides, field) => {
        const shop = await aShop(t.http);
        const before = await written();
        const body = { customerId: shop.customer.id, lines: [aLine(shop.cup)], ...overrides(shop) };
        const response = await t.http.post('/orders').send(body).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(JSON.stringify(response.body.message)).toContain(field);
        expect(await written()).toEqual(before);
        expect(await ordersOf(shop.customer.id)).toEqual({ items: [], nextCursor: null });
      },
    );

    it('lists every failing field at once', async () => {
      const response = await t.http
        .post('/orders')
        .send({ customerId: 'ada', lines: [{ productId: 'cup', quantity: 0 }] })
        .expect(400);
      const messages = (response.body.message as string[]).join(' ');
      for (const field of ['customerId', 'productId', 'quantity'])
        expect(messages).toContain(field);
    });

    it('answers 404 for an unknown customer, and places nothing', async () => {
      const { cup } = await aShop(t.http);
      const customerId = aMissingId();
      const before = await written();
      await t.http
        .post('/orders')
        .send({ customerId, lines: [aLine(cup)] })
        .expect(404, {
          statusCode: 404,
          error: 'Not Found',
          message: `customer ${customerId} not found`,
        });
      expect(await written()).toEqual(before);
    });

    it('answers 422 naming an unknown product, and places nothing', async () => {
      const { customer, cup } = await aShop(t.http);
      const missing = aMissingId();
      const before = await written();
      const response = await t.http
        .post('/orders')
        .send({ customerId: customer.id, lines: [aLine(cup), { productId: missing, quantity: 1 }] })
        .expect(422);
      expect(response.body).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: expect.stringContaining(missing),
      });
      expect(response.body.message).not.toContain(cup.id);
      expect(await written()).toEqual(before);
      expect(await ordersOf(customer.id)).toEqual({ items: [], nextCursor: null });

      // The read side catches up in log order: once a later order shows, an earlier one would too.
      const later = await placeOrder(t.http, customer.id, [aLine(cup)]);
      await eventually(async () =>
        expect(await allOrderIdsOf(customer.id, 20)).toEqual([later.id]),
      );
    });
  });

  describe('GET /orders/:id', () => {
    it('answers the order as it is now', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup, 4)]);
      const cancelled = await t.http.post(`/orders/${placed.id}/cancel`).expect(200);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(cancelled.body));
    });

    it('answers 404 for an unknown order', async () => {
      const id = aMissingId();
      await t.http
        .get(`/orders/${id}`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `order ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http
        .get('/orders/not-a-uuid')
        .expect(400, { statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    });
  });

  describe('POST /orders/:id/cancel', () => {
    it('cancels a placed order and answers it with version 2 and a later position', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const response = await t.http.post(`/orders/${placed.id}/cancel`).expect(200);
      expect(response.body).toEqual({
        ...withoutPosition(placed),
        status: 'cancelled',
        version: 2,
        position: expect.any(Number),
      });
      expect(response.body.position).toBeGreaterThan(placed.position);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(response.body));
    });

    it('answers 409 when the order is already cancelled, and changes nothing', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const cancelled = await t.http.post(`/orders/${placed.id}/cancel`).expect(200);
      const before = await written();
      const response = await t.http.post(`/orders/${placed.id}/cancel`).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('cancelled'),
      });
      expect(await written()).toEqual(before);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(cancelled.body));
    });

    it('answers 409 when the order is shipped, and changes nothing', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const shipped = await t.http.post(`/orders/${placed.id}/ship`).expect(200);
      const before = await written();
      const response = await t.http.post(`/orders/${placed.id}/cancel`).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('shipped'),
      });
      expect(await written()).toEqual(before);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(shipped.body));
    });

    it('answers 404 for an unknown order', async () => {
      const id = aMissingId();
      await t.http
        .post(`/orders/${id}/cancel`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `order ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http.post('/orders/not-a-uuid/cancel').expect(400);
    });
  });

  describe('POST /orders/:id/ship', () => {
    it('ships a placed order and answers it with version 2 and a later position', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const response = await t.http.post(`/orders/${placed.id}/ship`).expect(200);
      expect(response.body).toEqual({
        ...withoutPosition(placed),
        status: 'shipped',
        version: 2,
        position: expect.any(Number),
      });
      expect(response.body.position).toBeGreaterThan(placed.position);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(response.body));
    });

    it('answers 409 when the order is cancelled, and changes nothing', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const cancelled = await t.http.post(`/orders/${placed.id}/cancel`).expect(200);
      const before = await written();
      const response = await t.http.post(`/orders/${placed.id}/ship`).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('cancelled'),
      });
      expect(await written()).toEqual(before);
      await t.http.get(`/orders/${placed.id}`).expect(200, withoutPosition(cancelled.body));
    });

    it('answers 409 when the order is already shipped', async () => {
      const { customer, cup } = await aShop(t.http);
      const placed = await placeOrder(t.http, customer.id, [aLine(cup)]);
      await t.http.post(`/orders/${placed.id}/ship`).expect(200);
      await t.http.post(`/orders/${placed.id}/ship`).expect(409);
    });

    it('answers 404 for an unknown order', async () => {
      const id = aMissingId();
      await t.http
        .post(`/orders/${id}/ship`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `order ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http.post('/orders/not-a-uuid/ship').expect(400);
    });
  });

  describe('GET /customers/:id/orders', () => {
    it('answers an item per order, with the item count as the sum of the quantities', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [aLine(cup, 2), aLine(saucer, 3)]);
      await eventually(async () =>
        expect(await ordersOf(customer.id)).toEqual({
          items: [
            {
              orderId: order.id,
              placedAt: order.placedAt,
              status: 'placed',
              totalCents: 2 * 1250 + 3 * 800,
              itemCount: 5,
              lines: order.lines,
            },
          ],
          nextCursor: null,
        }),
      );
    });

    it('answers an empty page for a customer without orders', async () => {
      const customer = await registerCustomer(t.http);
      expect(await ordersOf(customer.id)).toEqual({ items: [], nextCursor: null });
    });

    it('pages newest first through every order of the customer, each exactly once', async () => {
      const { customer, cup } = await aShop(t.http);
      const other = await registerCustomer(t.http);
      const placed: string[] = [];
      for (let quantity = 1; quantity <= 5; quantity++) {
        placed.push((await placeOrder(t.http, customer.id, [aLine(cup, quantity)])).id);
        await placeOrder(t.http, other.id, [aLine(cup)]);
      }
      await eventually(async () =>
        expect(await allOrderIdsOf(customer.id, 2)).toEqual([...placed].reverse()),
      );
      expect((await ordersOf(customer.id, '?limit=2')).items).toHaveLength(2);
    });

    it('answers 20 orders per page by default', async () => {
      const { customer, cup } = await aShop(t.http);
      for (let i = 0; i < 21; i++) await placeOrder(t.http, customer.id, [aLine(cup)]);
      await eventually(async () => {
        const page = await ordersOf(customer.id);
        expect(page.items).toHaveLength(20);
        expect(page.nextCursor).toEqual(expect.any(String));
      });
    });

    it('shows each order with its current status', async () => {
      const { customer, cup } = await aShop(t.http);
      const toShip = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const toCancel = await placeOrder(t.http, customer.id, [aLine(cup)]);
      const toKeep = await placeOrder(t.http, customer.id, [aLine(cup)]);
      await t.http.post(`/orders/${toShip.id}/ship`).expect(200);
      await t.http.post(`/orders/${toCancel.id}/cancel`).expect(200);
      await eventually(async () => {
        const { items } = await ordersOf(customer.id);
        expect(items.map((item) => [item.orderId, item.status])).toEqual([
          [toKeep.id, 'placed'],
          [toCancel.id, 'cancelled'],
          [toShip.id, 'shipped'],
        ]);
      });
    });

    it('answers 404 for an unknown customer', async () => {
      const id = aMissingId();
      await t.http
        .get(`/customers/${id}/orders`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `customer ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http
        .get('/customers/not-a-uuid/orders')
        .expect(400, { statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=-1'],
      ['limit=abc'],
      ['limit=1.5'],
      ['cursor=%25%25%25'],
      ['cursor=bm90LWpzb24'], // base64url of "not-json"
      ['cursor=WzEsMl0'], // base64url of [1,2]: JSON, but not an order cursor
      ['unknown=1'],
    ])('answers 400 for ?%s', async (query) => {
      const customer = await registerCustomer(t.http);
      const response = await t.http.get(`/customers/${customer.id}/orders?${query}`).expect(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.anything(),
      });
    });
  });
});
