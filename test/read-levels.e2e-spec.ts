import * as fc from 'fast-check';
import type { Response } from 'supertest';
import type { CustomerOrderItem } from '../src/modules/orders/contracts/order.response.js';
import { CustomerOrdersFromView } from '../src/modules/orders/queries/get-customer-orders/customer-orders-from-view.js';
import { CustomerOrdersFromWriteModel } from '../src/modules/orders/queries/get-customer-orders/customer-orders-from-write-model.js';
import { type JsonText, parseJsonText } from '../src/shared/json/json-text.js';
import { type Page, serializePage } from '../src/shared/pagination/page.js';
import {
  aLine,
  aMissingId,
  type Created,
  createProduct,
  placeOrder,
  registerCustomer,
} from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The two read levels of GetCustomerOrders must be indistinguishable to a client: the
 * projected view (READ_VIEW=true) and the join over the write tables (READ_VIEW=false)
 * answer the same items, in the same order, with the same cursors, once the view has
 * caught up. Random command sequences run over HTTP; after each one, every customer's
 * history is walked page by page through both readers, through HTTP with `minPosition`
 * (the view, read-your-writes), through a second app on the same database started with
 * READ_VIEW=false (the join, over HTTP), and checked against a model of what was written.
 *
 * Reproduce a failure with FC_SEED=<seed printed in the failure> (and FC_PATH=<path> to
 * replay only the shrunk counterexample).
 */

const LIMITS = [1, 2, 3, 100] as const;
const MAX_CUSTOMERS_PER_RUN = 3;
/** 25 runs of up to 30 commands: about 10-20 s. FC_RUNS=500 for a longer hunt. */
const RUNS = Number(process.env.FC_RUNS ?? 25);

type Line = { productId: string; productName: string; quantity: number; unitPriceCents: number };

interface Model {
  customers: string[];
  products: { id: string; name: string; priceCents: number }[];
  orders: {
    id: string;
    customerId: string;
    placedAt: string;
    status: 'placed' | 'cancelled' | 'shipped';
    totalCents: number;
    lines: Line[];
  }[];
  /** The highest log position any command answered. */
  maxPosition: number;
}

/** A requested line: `product` indexes the run's products (modulo their number). */
interface LineSpec {
  product: number;
  quantity: number;
}

type Op =
  | { kind: 'registerCustomer' }
  | { kind: 'createProduct'; name: string; priceCents: number }
  | { kind: 'changePrice'; product: number; priceCents: number }
  | {
      kind: 'placeOrder';
      customer: number;
      lines: LineSpec[];
      /** Where an unknown product id goes into the lines (422), or null. */
      unknownProductAt: number | null;
    }
  | { kind: 'placeOrderForUnknownCustomer'; lines: LineSpec[] }
  /** Several orders of one customer at once: placedAt ties become likely. */
  | { kind: 'placeOrdersConcurrently'; customer: number; orders: LineSpec[][] }
  | { kind: 'cancelOrder'; order: number }
  | { kind: 'shipOrder'; order: number }
  /** Cancel and ship of one order at once: exactly one may win. */
  | { kind: 'cancelAndShipConcurrently'; order: number };

const priceCents = fc.oneof(
  fc.constantFrom(0, 1, 99, 1250, 100_000_000),
  fc.integer({ min: 0, max: 100_000_000 }),
);
const productName = fc.oneof(
  fc.constantFrom('Cup', 'Saucer', 'Teapot'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
);
const lineSpec = fc.record({
  product: fc.nat({ max: 20 }),
  quantity: fc.oneof(fc.constantFrom(1, 1000), fc.integer({ min: 1, max: 1000 })),
});
const lineSpecs = fc.array(lineSpec, { minLength: 1, maxLength: 5 });
const index = fc.nat({ max: 40 });

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'registerCustomer' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('createProduct' as const),
      name: productName,
      priceCents,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('changePrice' as const),
      product: index,
      priceCents,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('placeOrder' as const),
      customer: index,
      lines: lineSpecs,
      unknownProductAt: fc.oneof(
        { arbitrary: fc.constant(null), weight: 5 },
        { arbitrary: fc.nat({ max: 5 }), weight: 1 },
      ),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('placeOrderForUnknownCustomer' as const),
      lines: lineSpecs,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('placeOrdersConcurrently' as const),
      customer: index,
      orders: fc.array(lineSpecs, { minLength: 2, maxLength: 8 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancelOrder' as const), order: index }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('shipOrder' as const), order: index }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('cancelAndShipConcurrently' as const), order: index }),
    weight: 1,
  },
);

/** A reader's page as a client receives it: serialized (items spliced in as stored), parsed. */
const parsed = <T>(page: Page<JsonText<T>>): Page<T> => parseJsonText(serializePage(page));

const pick = <T>(list: readonly T[], at: number): T => list[at % list.length];

describe('GetCustomerOrders: the read view and the join over the write tables', () => {
  /** READ_VIEW=true (the default): the projection runner runs, queries read the view. */
  let t: TestApp;
  /** READ_VIEW=false on the same database: the "start simple" level, the join. */
  let joinApp: TestApp;
  let fromView: CustomerOrdersFromView;
  let fromWriteModel: CustomerOrdersFromWriteModel;

  beforeAll(async () => {
    // A long READ_WAIT_MS: the reads with minPosition below must come from the view, even when
    // a batch is slow to commit on a loaded machine (a read waits only until the view is there).
    t = await createTestApp({ READ_WAIT_MS: '10000' });
    const sameDatabase: Record<string, string> =
      t.database === 'postgres'
        ? { DATABASE_URL: t.config.DATABASE_URL! }
        : { SQLITE_PATH: t.config.SQLITE_PATH };
    joinApp = await createTestApp({ ...sameDatabase, READ_VIEW: 'false', MIGRATIONS_RUN: 'false' });
    fromView = t.app.get(CustomerOrdersFromView);
    fromWriteModel = t.app.get(CustomerOrdersFromWriteModel);
  });
  afterAll(async () => {
    await joinApp?.close(); // drops only its own (unused) fresh database
    await t?.close();
  });

  const orderLines = (model: Model, specs: LineSpec[]) =>
    specs.map((spec) => aLine(pick(model.products, spec.product), spec.quantity));

  const expectedLines = (model: Model, specs: LineSpec[]): Line[] =>
    specs.map((spec) => {
      const product = pick(model.products, spec.product);
      return {
        productId: product.id,
        productName: product.name,
        quantity: spec.quantity,
        unitPriceCents: product.priceCents,
      };
    });

  const placed = (model: Model, response: Response, specs: LineSpec[], customerId: string) => {
    expect(response.status).toBe(201);
    const lines = expectedLines(model, specs);
    expect(response.body).toMatchObject({
      customerId,
      status: 'placed',
      totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
      lines,
    });
    model.orders.push({
      id: response.body.id,
      customerId,
      placedAt: response.body.placedAt,
      status: 'placed',
      totalCents: response.body.totalCents,
      lines: response.body.lines,
    });
    model.maxPosition = Math.max(model.maxPosition, response.body.position);
  };

  async function execute(model: Model, step: Op): Promise<void> {
    switch (step.kind) {
      case 'registerCustomer': {
        if (model.customers.length >= MAX_CUSTOMERS_PER_RUN) return;
        const customer = await registerCustomer(t.http);
        model.customers.push(customer.id);
        model.maxPosition = Math.max(model.maxPosition, customer.position);
        return;
      }
      case 'createProduct': {
        const product = await createProduct(t.http, {
          name: step.name,
          priceCents: step.priceCents,
        });
        model.products.push({ id: product.id, name: step.name, priceCents: step.priceCents });
        model.maxPosition = Math.max(model.maxPosition, product.position);
        return;
      }
      case 'changePrice': {
        const product = pick(model.products, step.product);
        const response = await t.http
          .patch(`/products/${product.id}/price`)
          .send({ priceCents: step.priceCents })
          .expect(200);
        product.priceCents = step.priceCents;
        model.maxPosition = Math.max(model.maxPosition, response.body.position);
        return;
      }
      case 'placeOrder': {
        const customerId = pick(model.customers, step.customer);
        const lines = orderLines(model, step.lines);
        if (step.unknownProductAt !== null) {
          lines.splice(step.unknownProductAt % (lines.length + 1), 0, aLine({ id: aMissingId() }));
          await t.http.post('/orders').send({ customerId, lines }).expect(422);
          return;
        }
        const response = await t.http.post('/orders').send({ customerId, lines });
        placed(model, response, step.lines, customerId);
        return;
      }
      case 'placeOrderForUnknownCustomer': {
        const lines = orderLines(model, step.lines);
        await t.http.post('/orders').send({ customerId: aMissingId(), lines }).expect(404);
        return;
      }
      case 'placeOrdersConcurrently': {
        const customerId = pick(model.customers, step.customer);
        const responses = await Promise.all(
          step.orders.map((specs) =>
            t.http.post('/orders').send({ customerId, lines: orderLines(model, specs) }),
          ),
        );
        responses.forEach((response, at) => placed(model, response, step.orders[at], customerId));
        return;
      }
      case 'cancelOrder':
      case 'shipOrder': {
        if (model.orders.length === 0) return;
        const order = pick(model.orders, step.order);
        const action = step.kind === 'cancelOrder' ? 'cancel' : 'ship';
        const response = await t.http.post(`/orders/${order.id}/${action}`);
        if (order.status !== 'placed') {
          expect(response.status).toBe(409);
          return;
        }
        expect(response.status).toBe(200);
        order.status = step.kind === 'cancelOrder' ? 'cancelled' : 'shipped';
        expect(response.body.status).toBe(order.status);
        model.maxPosition = Math.max(model.maxPosition, response.body.position);
        return;
      }
      case 'cancelAndShipConcurrently': {
        if (model.orders.length === 0) return;
        const order = pick(model.orders, step.order);
        const [cancel, ship] = await Promise.all([
          t.http.post(`/orders/${order.id}/cancel`),
          t.http.post(`/orders/${order.id}/ship`),
        ]);
        const winners = [cancel, ship].filter((response) => response.status === 200);
        expect([cancel.status, ship.status].sort()).toEqual(
          order.status === 'placed' ? [200, 409] : [409, 409],
        );
        const [winner] = winners;
        if (winner) {
          order.status = winner.body.status;
          model.maxPosition = Math.max(model.maxPosition, winner.body.position);
        }
        return;
      }
    }
  }

  /** What a customer's history must be: newest first, the order id breaking ties. */
  const expectedHistory = (model: Model, customerId: string): CustomerOrderItem[] =>
    model.orders
      .filter((order) => order.customerId === customerId)
      .sort((a, b) =>
        a.placedAt !== b.placedAt
          ? a.placedAt < b.placedAt
            ? 1
            : -1
          : a.id < b.id
            ? 1
            : a.id > b.id
              ? -1
              : 0,
      )
      .map((order) => ({
        orderId: order.id,
        placedAt: order.placedAt,
        status: order.status,
        totalCents: order.totalCents,
        itemCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: order.lines,
      }));

  const httpPage = async (
    app: TestApp,
    customerId: string,
    limit: number,
    cursor: string | null,
    minPosition: number,
  ) => {
    const query = new URLSearchParams({ limit: String(limit), minPosition: String(minPosition) });
    if (cursor) query.set('cursor', cursor);
    const response = await app.http
      .get(`/customers/${customerId}/orders?${query.toString()}`)
      .expect(200);
    return {
      page: response.body as Page<CustomerOrderItem>,
      source: response.headers['x-read-source'],
      readPosition: Number(response.headers['x-read-position']),
    };
  };

  /**
   * Walks one customer's history page by page, following the view's cursors, and checks
   * that at every step the join, the view over HTTP (minPosition) and the READ_VIEW=false
   * app answer exactly the view's page, cursor included. Answers the full list.
   */
  async function walkAndCompare(
    customerId: string,
    limit: number,
    minPosition: number,
  ): Promise<CustomerOrderItem[]> {
    const all: CustomerOrderItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      // First over HTTP with minPosition: it waits until the view has caught up with it.
      const overHttp = await httpPage(t, customerId, limit, cursor, minPosition);
      // An empty page carries no checkpoint: the write model answers it.
      expect(overHttp.source).toBe(overHttp.page.items.length > 0 ? 'view' : 'write-model');
      expect(overHttp.readPosition).toBeGreaterThanOrEqual(minPosition);

      const view: Page<CustomerOrderItem> = parsed(
        (await fromView.page(customerId, limit, cursor ?? undefined)).page,
      );
      const join = parsed(await fromWriteModel.page(customerId, limit, cursor ?? undefined));
      expect({ customerId, limit, cursor, reader: 'join', page: join }).toStrictEqual({
        customerId,
        limit,
        cursor,
        reader: 'join',
        page: view,
      });

      expect({ customerId, limit, cursor, reader: 'http view', page: overHttp.page }).toStrictEqual(
        {
          customerId,
          limit,
          cursor,
          reader: 'http view',
          page: view,
        },
      );

      const level1 = await httpPage(joinApp, customerId, limit, cursor, minPosition);
      expect(level1.source).toBe('write-model');
      expect({
        customerId,
        limit,
        cursor,
        reader: 'http READ_VIEW=false',
        page: level1.page,
      }).toStrictEqual({ customerId, limit, cursor, reader: 'http READ_VIEW=false', page: view });

      expect(view.items.length).toBeLessThanOrEqual(limit);
      if (view.nextCursor !== null) expect(view.items).toHaveLength(limit);
      all.push(...view.items);
      cursor = view.nextCursor;
      pages += 1;
      expect(pages).toBeLessThanOrEqual(1000); // a cursor that does not advance
    } while (cursor !== null);
    return all;
  }

  async function checkReadLevelsAgree(model: Model): Promise<void> {
    for (const customerId of model.customers) {
      const expected = expectedHistory(model, customerId);
      for (const limit of LIMITS) {
        const history = await walkAndCompare(customerId, limit, model.maxPosition);
        expect({ customerId, limit, history }).toStrictEqual({
          customerId,
          limit,
          history: expected,
        });
      }
    }
  }

  const everyCustomer: string[] = [];

  it(
    'answers identically from the view and from the join after any sequence of commands',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 30, size: 'max' }),
          async (ops) => {
            const customer = await registerCustomer(t.http);
            const product = await createProduct(t.http, { name: 'Cup', priceCents: 1250 });
            const model: Model = {
              customers: [customer.id],
              products: [{ id: product.id, name: 'Cup', priceCents: 1250 }],
              orders: [],
              maxPosition: Math.max(customer.position, product.position),
            };
            for (const step of ops) await execute(model, step);
            everyCustomer.push(...model.customers);

            // Read-your-writes: the first answer with minPosition comes from the view, caught up
            // (an empty page carries no checkpoint: the write model answers it).
            const caughtUp = await httpPage(t, customer.id, 1, null, model.maxPosition);
            expect(caughtUp.source).toBe(caughtUp.page.items.length > 0 ? 'view' : 'write-model');
            expect(caughtUp.readPosition).toBeGreaterThanOrEqual(model.maxPosition);

            await checkReadLevelsAgree(model);
          },
        ),
        {
          numRuns: RUNS,
          seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
          path: process.env.FC_PATH,
          endOnFailure: process.env.FC_SHRINK === 'false',
        },
      );

      // The runs share one database: the histories still agree for every customer at the end.
      for (const customerId of everyCustomer) {
        for (const limit of [2, 100]) await walkAndCompare(customerId, limit, 0);
      }
    },
    Math.max(120_000, RUNS * 3_000),
  );

  it('gives the same pages of 2 for five orders, one cancelled and one shipped', async () => {
    const customer = await registerCustomer(t.http);
    const cup = await createProduct(t.http, { name: 'Cup', priceCents: 1250 });
    const saucer = await createProduct(t.http, { name: 'Saucer', priceCents: 800 });
    const orders: Created[] = [];
    for (let n = 1; n <= 5; n++) {
      orders.push(await placeOrder(t.http, customer.id, [aLine(cup, n), aLine(saucer, 6 - n)]));
    }
    await t.http.post(`/orders/${orders[1].id}/cancel`).expect(200);
    const shipped = await t.http.post(`/orders/${orders[3].id}/ship`).expect(200);
    const minPosition = shipped.body.position as number;

    const history = await walkAndCompare(customer.id, 2, minPosition);

    const status = ['placed', 'cancelled', 'placed', 'shipped', 'placed'];
    const newestFirst = orders
      .map((order, at) => ({ key: `${order.placedAt as string} ${order.id}`, at }))
      .sort((a, b) => (a.key < b.key ? 1 : -1));
    expect(history.map((item) => [item.orderId, item.status])).toEqual(
      newestFirst.map(({ at }) => [orders[at].id, status[at]]),
    );
    expect(history.find((item) => item.orderId === orders[3].id)).toStrictEqual({
      orderId: orders[3].id,
      placedAt: orders[3].placedAt,
      status: 'shipped',
      totalCents: 4 * 1250 + 2 * 800,
      itemCount: 6,
      lines: [
        { productId: cup.id, productName: 'Cup', quantity: 4, unitPriceCents: 1250 },
        { productId: saucer.id, productName: 'Saucer', quantity: 2, unitPriceCents: 800 },
      ],
    });
    const pages: Page<CustomerOrderItem>[] = [];
    let cursor: string | undefined;
    do {
      const page = parsed((await fromView.page(customer.id, 2, cursor)).page);
      expect(parsed(await fromWriteModel.page(customer.id, 2, cursor))).toStrictEqual(page);
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
  });
});
