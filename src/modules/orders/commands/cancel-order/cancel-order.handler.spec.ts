import {
  aFakeShop,
  aProductResponse,
  fakePublicQueries,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ConflictError } from '../../../../shared/errors/application-error.js';
import { OrderCancelledEvent } from '../../contracts/order-cancelled.event.js';
import { OrderNotCancellableError, OrderNotFoundError } from '../../contracts/order.errors.js';
import { OrdersModule } from '../../orders.module.js';
import { PlaceOrderCommand } from '../place-order/place-order.command.js';
import { ShipOrderCommand } from '../ship-order/ship-order.command.js';
import { CancelOrderCommand } from './cancel-order.command.js';

describe('CancelOrderHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({
      imports: [OrdersModule],
      providers: fakePublicQueries,
      // The projection runner would commit transactions of its own after each event.
      env: { READ_VIEW: 'false' },
    });
  });
  afterAll(() => t.close());

  const anOrder = async () => {
    const { customer, cup, saucer } = aFakeShop(t.moduleRef);
    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [
        { productId: cup.id, quantity: 2 },
        { productId: saucer.id, quantity: 1 },
      ]),
    );
    t.clearRecords();
    return order;
  };
  const orderRow = async (id: string) => {
    const [row] = await t.sql<{ status: string; version: number }>(
      'SELECT status, version FROM orders WHERE id = ?',
      [id],
    );
    return row;
  };

  it('answers the cancelled order, one version up, with the position of OrderCancelled', async () => {
    const order = await anOrder();

    const cancelled = await t.commandBus.execute(new CancelOrderCommand(order.id));

    const { position, ...placed } = order;
    expect(cancelled).toEqual({
      ...placed,
      status: 'cancelled',
      version: 2,
      position: expect.any(Number),
    });
    expect(cancelled.position).toBeGreaterThan(position);
  });

  it('updates the row and appends OrderCancelled in the same commit, leaving the lines alone', async () => {
    const order = await anOrder();
    const linesBefore = await t.sql('SELECT * FROM order_lines WHERE order_id = ?', [order.id]);

    const cancelled = await t.commandBus.execute(new CancelOrderCommand(order.id));

    expect(await orderRow(order.id)).toEqual({ status: 'cancelled', version: 2 });
    expect(await t.sql('SELECT * FROM order_lines WHERE order_id = ?', [order.id])).toEqual(
      linesBefore,
    );
    const events = await t.eventsOf(order.id);
    expect(events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(events[1]).toMatchObject({
      position: cancelled.position,
      streamId: order.id,
      payload: { orderId: order.id, customerId: order.customerId, version: 2 },
    });
  });

  it('publishes OrderCancelled only after the commit, with its position set', async () => {
    const order = await anOrder();

    const cancelled = await t.commandBus.execute(new CancelOrderCommand(order.id));

    expect(t.timeline).toEqual(['commit', 'publish OrderCancelled']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(OrderCancelledEvent);
    expect(t.published[0]).toMatchObject({ streamId: order.id, position: cancelled.position });
  });

  describe('rejects, writing nothing and publishing nothing', () => {
    const expectRejected = async (
      orderId: string,
      error: new (...args: never[]) => Error,
      message: string,
    ) => {
      const rowBefore = await orderRow(orderId);
      const logBefore = await t.eventLog();
      t.clearRecords();

      const cancel = t.commandBus.execute(new CancelOrderCommand(orderId));
      await expect(cancel).rejects.toThrow(error);
      await expect(cancel).rejects.toThrow(message);

      expect(await orderRow(orderId)).toEqual(rowBefore);
      expect(await t.eventLog()).toEqual(logBefore);
      expect(t.timeline).toEqual(['rollback']);
      expect(t.published).toEqual([]);
    };

    it('an order cancelled already, with OrderNotCancellableError', async () => {
      const order = await anOrder();
      await t.commandBus.execute(new CancelOrderCommand(order.id));

      await expectRejected(
        order.id,
        OrderNotCancellableError,
        `order ${order.id} cannot be cancelled: it is already cancelled`,
      );
      expect(await orderRow(order.id)).toEqual({ status: 'cancelled', version: 2 });
    });

    it('a shipped order, with OrderNotCancellableError', async () => {
      const order = await anOrder();
      await t.commandBus.execute(new ShipOrderCommand(order.id));

      await expectRejected(
        order.id,
        OrderNotCancellableError,
        `order ${order.id} cannot be cancelled: it is already shipped`,
      );
      expect(await orderRow(order.id)).toEqual({ status: 'shipped', version: 2 });
    });

    it('an unknown order, with OrderNotFoundError', async () => {
      const missingId = aProductResponse().id;
      await expectRejected(missingId, OrderNotFoundError, `order ${missingId} not found`);
    });
  });

  it('lets exactly one of two concurrent cancels win; the other is a conflict', async () => {
    const order = await anOrder();

    const results = await Promise.allSettled([
      t.commandBus.execute(new CancelOrderCommand(order.id)),
      t.commandBus.execute(new CancelOrderCommand(order.id)),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    // Serialized (SQLite): "already cancelled"; interleaved (PostgreSQL): a version conflict.
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect(await orderRow(order.id)).toEqual({ status: 'cancelled', version: 2 });
    const cancellations = (await t.eventsOf(order.id)).filter((e) => e.type === 'OrderCancelled');
    expect(cancellations).toHaveLength(1);
    expect(t.published).toHaveLength(1);
  });
});
