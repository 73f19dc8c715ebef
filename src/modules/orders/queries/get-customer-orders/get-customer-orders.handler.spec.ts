import {
  aCustomerResponse,
  aFakeShop,
  FakeGetCustomerHandler,
  fakePublicQueries,
} from '../../../../../test/support/fake-public-queries.js';
import { eventually } from '../../../../../test/support/builders.js';
import { createHandlerTestModule } from '../../../../../test/support/handler-test-module.js';
import { encodeCursor, InvalidCursorError } from '../../../../shared/pagination/cursor.js';
import { parseJsonText } from '../../../../shared/json/json-text.js';
import { CustomerNotFoundError } from '../../../customers/contracts/customer.errors.js';
import { CancelOrderCommand } from '../../commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from '../../commands/place-order/place-order.command.js';
import { ShipOrderCommand } from '../../commands/ship-order/ship-order.command.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import { OrdersModule } from '../../orders.module.js';
import { GetCustomerOrdersQuery } from './get-customer-orders.query.js';

/**
 * READ_WAIT_MS for the tests that need the view's answer: a batch that takes long to commit
 * (an fsync, a starved CPU) must not turn it into the write model's. It costs nothing when
 * the view is on time: a read waits only until the view has reached its minPosition.
 */
const LONG_WAIT_MS = '10000';

/** Newest first; the order id breaks ties, as the handler's keyset does. */
const newestFirst = (a: { placedAt: string; id: string }, b: { placedAt: string; id: string }) =>
  a.placedAt === b.placedAt ? (a.id < b.id ? 1 : -1) : a.placedAt < b.placedAt ? 1 : -1;

const asItem = ({ id, placedAt, status, totalCents, lines }: OrderResponse) => ({
  orderId: id,
  placedAt,
  status,
  totalCents,
  itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  lines,
});

async function openModule(env: Record<string, string>) {
  const t = await createHandlerTestModule({
    imports: [OrdersModule],
    providers: fakePublicQueries,
    env,
  });
  const history = (
    customerId: string,
    {
      limit = 20,
      cursor,
      minPosition,
    }: { limit?: number; cursor?: string; minPosition?: number } = {},
  ) =>
    t.queryBus
      .execute(new GetCustomerOrdersQuery(customerId, limit, cursor, minPosition))
      .then((answer) => ({ ...answer, page: parseJsonText(answer.page) }));
  /** A customer with `count` orders (1, 2, ... cups), placed one after the other. */
  const aCustomerWithOrders = async (count: number) => {
    const { customer, cup, saucer } = aFakeShop(t.moduleRef);
    const orders: OrderResponse[] = [];
    let position = 0;
    for (let i = 1; i <= count; i++) {
      const placed = await t.commandBus.execute(
        new PlaceOrderCommand(customer.id, [
          { productId: cup.id, quantity: i },
          { productId: saucer.id, quantity: 1 },
        ]),
      );
      const { position: placedAt, ...order } = placed;
      position = placedAt;
      orders.push(order);
    }
    return { customer, orders, position };
  };
  return { t, history, aCustomerWithOrders };
}

describe.each([
  ['the read view', 'true', 'view'],
  ['the write model', 'false', 'write-model'],
])('GetCustomerOrdersHandler, from %s (READ_VIEW=%s)', (_source, readView, source) => {
  let m: Awaited<ReturnType<typeof openModule>>;
  beforeAll(async () => {
    // A long READ_WAIT_MS: a view that catches up late on a loaded machine still answers.
    m = await openModule({ READ_VIEW: readView, READ_WAIT_MS: LONG_WAIT_MS });
  });
  afterAll(() => m.t.close());

  it(`answers the customer's orders newest first, shaped for the list, from the ${source}`, async () => {
    const { customer, orders, position } = await m.aCustomerWithOrders(3);

    const answer = await m.history(customer.id, { minPosition: position });

    expect(answer.source).toBe(source);
    expect(answer.readPosition).toBeGreaterThanOrEqual(position);
    expect(answer.page).toEqual({
      items: [...orders].sort(newestFirst).map(asItem),
      nextCursor: null,
    });
    expect(answer.page.items[0]).toMatchObject({ status: 'placed', itemCount: expect.any(Number) });
  });

  it("answers only this customer's orders", async () => {
    const mine = await m.aCustomerWithOrders(2);
    const theirs = await m.aCustomerWithOrders(3);

    const answer = await m.history(mine.customer.id, { minPosition: theirs.position });

    expect(answer.page.items.map((item) => item.orderId).sort()).toEqual(
      mine.orders.map((order) => order.id).sort(),
    );
  });

  it('shows each order in its current status', async () => {
    const { customer, orders } = await m.aCustomerWithOrders(3);
    await m.t.commandBus.execute(new CancelOrderCommand(orders[0].id));
    const shipped = await m.t.commandBus.execute(new ShipOrderCommand(orders[1].id));

    const answer = await m.history(customer.id, { minPosition: shipped.position });

    const statusOf = new Map(answer.page.items.map((item) => [item.orderId, item.status]));
    expect(statusOf).toEqual(
      new Map([
        [orders[0].id, 'cancelled'],
        [orders[1].id, 'shipped'],
        [orders[2].id, 'placed'],
      ]),
    );
  });

  it.each([1, 2, 3, 9, 10])(
    'with limit %i, following the cursors visits every order once, ties on placedAt included',
    async (limit) => {
      const { customer, orders, position } = await m.aCustomerWithOrders(9);
      // The view has caught up: the rows updated below are there.
      expect((await m.history(customer.id, { minPosition: position })).source).toBe(source);
      // Five orders in one millisecond: only the order id can tell them apart.
      const tied = orders.slice(2, 7).map((order) => order.id);
      const placedAt = orders[4].placedAt;
      for (const id of tied) {
        await m.t.sql('UPDATE orders SET placed_at = ? WHERE id = ?', [placedAt, id]);
        await m.t.sql('UPDATE order_list_by_customer SET placed_at = ? WHERE order_id = ?', [
          placedAt,
          id,
        ]);
      }
      const expected = orders
        .map((order) => ({
          ...order,
          placedAt: tied.includes(order.id) ? placedAt : order.placedAt,
        }))
        .sort(newestFirst)
        .map((order) => order.id);

      const visited: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const { page } = await m.history(customer.id, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        visited.push(...page.items.map((item) => item.orderId));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 50);

      expect(visited).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(orders.length / limit)));
    },
  );

  it('answers an empty page for a customer without orders', async () => {
    const { customers } = aFakeShop(m.t.moduleRef);
    const customer = customers.add(aCustomerResponse());

    await expect(m.history(customer.id)).resolves.toMatchObject({
      page: { items: [], nextCursor: null },
    });
  });

  it('asks the customers module whether the customer exists only when the page is empty', async () => {
    const { customer, position } = await m.aCustomerWithOrders(2);
    const customersModule = m.t.moduleRef.get(FakeGetCustomerHandler);
    let asked = 0;
    customersModule.execute = function (query) {
      asked += 1;
      return FakeGetCustomerHandler.prototype.execute.call(this, query);
    };
    try {
      await m.history(customer.id, { minPosition: position });
      expect(asked).toBe(0); // it has orders, so it exists

      await m.history(customer.id, { cursor: encodeCursor(['0000', '0']) }); // past the last
      expect(asked).toBe(1);
    } finally {
      delete (customersModule as Partial<FakeGetCustomerHandler>).execute; // the prototype's again
    }
  });

  it('throws CustomerNotFoundError for a customer the customers module does not know', async () => {
    const stranger = aCustomerResponse();
    const query = m.history(stranger.id);
    await expect(query).rejects.toThrow(CustomerNotFoundError);
    await expect(query).rejects.toThrow(`customer ${stranger.id} not found`);
  });

  it.each([
    ['not base64 at all', '%%%'],
    ['base64 of text that is not JSON', Buffer.from('not-json').toString('base64url')],
    ['a key of one part', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ['a key with a number', encodeCursor(['2026-01-01T00:00:00.000Z', 7])],
    ['a key part over 200 characters', encodeCursor(['x'.repeat(201), 'y'])],
  ])('throws InvalidCursorError for %s', async (_case, cursor) => {
    const { customer } = await m.aCustomerWithOrders(1);
    await expect(m.history(customer.id, { cursor })).rejects.toThrow(InvalidCursorError);
  });
});

describe('GetCustomerOrdersHandler, read-your-writes (READ_VIEW=true)', () => {
  let m: Awaited<ReturnType<typeof openModule>>;
  beforeAll(async () => {
    m = await openModule({ READ_VIEW: 'true', READ_WAIT_MS: LONG_WAIT_MS });
  });
  afterAll(() => m.t.close());

  it('answers from the view once it has reached minPosition, saying so', async () => {
    const { customer, orders, position } = await m.aCustomerWithOrders(2);

    const answer = await m.history(customer.id, { minPosition: position });

    expect(answer).toMatchObject({ source: 'view' });
    expect(answer.readPosition).toBeGreaterThanOrEqual(position);
    expect(answer.page.items.map((item) => item.orderId).sort()).toEqual(
      orders.map((order) => order.id).sort(),
    );
  });

  it('without minPosition, answers the view at once with the checkpoint it reflects', async () => {
    const { customer, position } = await m.aCustomerWithOrders(1);
    await m.history(customer.id, { minPosition: position });

    const answer = await m.history(customer.id);

    expect(answer.source).toBe('view');
    const [checkpoint] = await m.t.sql<{ position: number | string }>(
      "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
    );
    expect(answer.readPosition).toBe(Number(checkpoint.position));
    expect(answer.readPosition).toBeGreaterThanOrEqual(position);
  });
});

describe('GetCustomerOrdersHandler, read-your-writes with a short READ_WAIT_MS', () => {
  let m: Awaited<ReturnType<typeof openModule>>;
  beforeAll(async () => {
    m = await openModule({ READ_VIEW: 'true', READ_WAIT_MS: '100' });
  });
  afterAll(() => m.t.close());

  it('falls back to the write model, with the same answer, when the view cannot reach minPosition in time', async () => {
    const { customer, position } = await m.aCustomerWithOrders(3);
    // The view's answer to compare with: asked again until the view has caught up (a first
    // read may fall back by itself when the view takes longer than 100 ms).
    const fromView = await eventually(async () => {
      const answer = await m.history(customer.id, { minPosition: position });
      expect(answer.source).toBe('view');
      return answer;
    }, 10_000);

    const started = Date.now();
    const fromWriteModel = await m.history(customer.id, { minPosition: position + 1_000_000 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(fromWriteModel.source).toBe('write-model');
    const [head] = await m.t.sql<{ head: number | string }>(
      'SELECT MAX(position) AS head FROM event_log',
    );
    expect(fromWriteModel.readPosition).toBe(Number(head.head));
    expect(fromWriteModel.page).toEqual(fromView.page);
  });
});
