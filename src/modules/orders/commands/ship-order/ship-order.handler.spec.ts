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
import { OrderShippedEvent } from '../../contracts/order-shipped.event.js';
import { OrderNotFoundError, OrderNotShippableError } from '../../contracts/order.errors.js';
import { OrdersModule } from '../../orders.module.js';
import { CancelOrderCommand } from '../cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from '../place-order/place-order.command.js';
import { ShipOrderCommand } from './ship-order.command.js';

describe('ShipOrderHandler', () => {
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
    const { customer, cup } = aFakeShop(t.moduleRef);
    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [{ productId: cup.id, quantity: 3 }]),
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

  it('answers the shipped order, one version up, with the position of OrderShipped', async () => {
    const order = await anOrder();

    const shipped = await t.commandBus.execute(new ShipOrderCommand(order.id));

    const { position, ...placed } = order;
    expect(shipped).toEqual({
      ...placed,
      status: 'shipped',
      version: 2,
      position: expect.any(Number),
    });
    expect(shipped.position).toBeGreaterThan(position);
  });

  it('updates the row and appends OrderShipped in the same commit', async () => {
    const order = await anOrder();

    const shipped = await t.commandBus.execute(new ShipOrderCommand(order.id));

    expect(await orderRow(order.id)).toEqual({ status: 'shipped', version: 2 });
    const events = await t.eventsOf(order.id);
    expect(events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderShipped']);
    expect(events[1]).toMatchObject({
      position: shipped.position,
      streamId: order.id,
      payload: { orderId: order.id, customerId: order.customerId, version: 2 },
    });
  });

  it('publishes OrderShipped only after the commit, with its position set', async () => {
    const order = await anOrder();

    const shipped = await t.commandBus.execute(new ShipOrderCommand(order.id));

    expect(t.timeline).toEqual(['commit', 'publish OrderShipped']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(OrderShippedEvent);
    expect(t.published[0]).toMatchObject({ streamId: order.id, position: shipped.position });
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

      const ship = t.commandBus.execute(new ShipOrderCommand(orderId));
      await expect(ship).rejects.toThrow(error);
      await expect(ship).rejects.toThrow(message);

      expect(await orderRow(orderId)).toEqual(rowBefore);
      expect(await t.eventLog()).toEqual(logBefore);
      expect(t.timeline).toEqual(['rollback']);
      expect(t.published).toEqual([]);
    };

    it('a cancelled order, with OrderNotShippableError', async () => {
      const order = await anOrder();
      await t.commandBus.execute(new CancelOrderCommand(order.id));

      await expectRejected(
        order.id,
        OrderNotShippableError,
        `order ${order.id} cannot be shipped: it is cancelled, not placed`,
      );
      expect(await orderRow(order.id)).toEqual({ status: 'cancelled', version: 2 });
    });

    it('an order shipped already, with OrderNotShippableError', async () => {
      const order = await anOrder();
      await t.commandBus.execute(new ShipOrderCommand(order.id));

      await expectRejected(
        order.id,
        OrderNotShippableError,
        `order ${order.id} cannot be shipped: it is shipped, not placed`,
      );
      expect(await orderRow(order.id)).toEqual({ status: 'shipped', version: 2 });
    });

    it('an unknown order, with OrderNotFoundError', async () => {
      const missingId = aProductResponse().id;
      await expectRejected(missingId, OrderNotFoundError, `order ${missingId} not found`);
    });
  });

  it('lets exactly one of a concurrent ship and cancel win; the other is a conflict', async () => {
    const order = await anOrder();

    const [ship, cancel] = await Promise.allSettled([
      t.commandBus.execute(new ShipOrderCommand(order.id)),
      t.commandBus.execute(new CancelOrderCommand(order.id)),
    ]);

    expect([ship.status, cancel.status].sort()).toEqual(['fulfilled', 'rejected']);
    const loser = ship.status === 'rejected' ? ship : cancel;
    expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const winner = ship.status === 'fulfilled' ? 'shipped' : 'cancelled';
    expect(await orderRow(order.id)).toEqual({ status: winner, version: 2 });
    const changes = (await t.eventsOf(order.id)).slice(1).map((event) => event.type);
    expect(changes).toEqual([winner === 'shipped' ? 'OrderShipped' : 'OrderCancelled']);
  });
});
