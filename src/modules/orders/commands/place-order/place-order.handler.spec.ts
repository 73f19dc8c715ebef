import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import {
  aCustomerResponse,
  aFakeShop,
  aProductResponse,
  fakePublicQueries,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { CustomerNotFoundError } from '../../../customers/contracts/customer.errors.js';
import { OrderPlacedEvent } from '../../contracts/order-placed.event.js';
import { UnknownProductsError } from '../../contracts/order.errors.js';
import { OrdersModule } from '../../orders.module.js';
import { PlaceOrderCommand } from './place-order.command.js';

/** What a subscriber of OrderPlaced (a projection, say) sees the moment it is called. */
@EventsHandler(OrderPlacedEvent)
class OrderPlacedProbe implements IEventHandler<OrderPlacedEvent> {
  readonly seen: Promise<{ position: number | undefined; rows: unknown[] }>[] = [];

  constructor(private readonly db: ReadDatabase) {}

  handle(event: OrderPlacedEvent): void {
    const position = event.position;
    // Through the read-only connection: it sees only what has been committed.
    const rows = this.db
      .select('orders', 'o')
      .select('o.status', 'status')
      .where('o.id = :id', { id: event.streamId });
    this.seen.push(rows.getRawMany().then((found) => ({ position, rows: found })));
  }
}

/**
 * Catalog and customers are faked at their public queries (ListProductsByIdsQuery,
 * GetCustomerQuery): the orders module is tested alone, as it will be deployed with them.
 */
describe('PlaceOrderHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({
      imports: [OrdersModule],
      providers: [...fakePublicQueries, OrderPlacedProbe],
      // The projection runner would commit transactions of its own after each event.
      env: { READ_VIEW: 'false' },
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clearRecords());

  it('answers the order, priced by the catalog, with the position of OrderPlaced', async () => {
    const { customer, cup, saucer } = aFakeShop(t.moduleRef);
    const before = new Date().toISOString();

    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [
        { productId: cup.id, quantity: 2 },
        { productId: saucer.id, quantity: 3 },
      ]),
    );

    expect(order).toEqual({
      id: expect.any(String),
      customerId: customer.id,
      status: 'placed',
      placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      totalCents: 2 * 1250 + 3 * 800,
      version: 1,
      lines: [
        { productId: cup.id, productName: 'Cup', quantity: 2, unitPriceCents: 1250 },
        { productId: saucer.id, productName: 'Saucer', quantity: 3, unitPriceCents: 800 },
      ],
      position: expect.any(Number),
    });
    expect(order.placedAt >= before && order.placedAt <= new Date().toISOString()).toBe(true);
    const [event] = await t.eventsOf(order.id);
    expect(order.position).toBe(event.position);
  });

  it('writes the order, its numbered lines and OrderPlaced in one commit', async () => {
    const { customer, cup, saucer } = aFakeShop(t.moduleRef);

    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [
        { productId: saucer.id, quantity: 1 },
        { productId: cup.id, quantity: 4 },
      ]),
    );

    const [row] = await t.sql<Record<string, unknown>>(
      'SELECT customer_id, status, placed_at, total_cents, version FROM orders WHERE id = ?',
      [order.id],
    );
    expect({ ...row, total_cents: Number(row.total_cents) }).toEqual({
      customer_id: customer.id,
      status: 'placed',
      placed_at: order.placedAt,
      total_cents: 800 + 4 * 1250,
      version: 1,
    });
    expect(
      await t.sql(
        'SELECT line_no, product_id, product_name, quantity, unit_price_cents FROM order_lines WHERE order_id = ? ORDER BY line_no',
        [order.id],
      ),
    ).toEqual([
      {
        line_no: 1,
        product_id: saucer.id,
        product_name: 'Saucer',
        quantity: 1,
        unit_price_cents: 800,
      },
      { line_no: 2, product_id: cup.id, product_name: 'Cup', quantity: 4, unit_price_cents: 1250 },
    ]);
    expect(await t.eventsOf(order.id)).toEqual([
      expect.objectContaining({
        position: order.position,
        type: 'OrderPlaced',
        streamId: order.id,
        payload: {
          orderId: order.id,
          customerId: customer.id,
          placedAt: order.placedAt,
          totalCents: order.totalCents,
          lines: order.lines,
        },
      }),
    ]);
    expect(t.timeline).toEqual(['commit', 'publish OrderPlaced']);
  });

  it('keeps the name and price of each line as the catalog answered them when placed', async () => {
    const { customer, catalog, cup } = aFakeShop(t.moduleRef);
    const first = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [{ productId: cup.id, quantity: 1 }]),
    );

    catalog.set({ ...cup, name: 'Cup (new)', priceCents: 1999 });
    const second = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [{ productId: cup.id, quantity: 1 }]),
    );

    expect(second.lines).toEqual([
      { productId: cup.id, productName: 'Cup (new)', quantity: 1, unitPriceCents: 1999 },
    ]);
    expect(
      await t.sql('SELECT product_name, unit_price_cents FROM order_lines WHERE order_id = ?', [
        first.id,
      ]),
    ).toEqual([{ product_name: 'Cup', unit_price_cents: 1250 }]);
  });

  it('keeps a product ordered on two lines as two lines', async () => {
    const { customer, cup } = aFakeShop(t.moduleRef);

    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [
        { productId: cup.id, quantity: 1 },
        { productId: cup.id, quantity: 2 },
      ]),
    );

    expect(order.lines.map((line) => line.quantity)).toEqual([1, 2]);
    expect(order.totalCents).toBe(3 * 1250);
  });

  it('publishes OrderPlaced only after the commit, with its position set', async () => {
    const { customer, cup } = aFakeShop(t.moduleRef);
    const probe = t.moduleRef.get(OrderPlacedProbe);
    probe.seen.length = 0;

    const order = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [{ productId: cup.id, quantity: 1 }]),
    );

    expect(t.timeline).toEqual(['commit', 'publish OrderPlaced']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(OrderPlacedEvent);
    expect(t.published[0]).toMatchObject({ streamId: order.id, position: order.position });
    expect(probe.seen).toHaveLength(1);
    await expect(probe.seen[0]).resolves.toEqual({
      position: order.position,
      rows: [{ status: 'placed' }],
    });
  });

  describe('rejects, writing no row, no event, publishing nothing', () => {
    let before: { orders: number; lines: number; log: unknown[] };
    beforeEach(async () => {
      before = {
        orders: await t.count('orders'),
        lines: await t.count('order_lines'),
        log: await t.eventLog(),
      };
    });
    const expectNothingWritten = async () => {
      expect(await t.count('orders')).toBe(before.orders);
      expect(await t.count('order_lines')).toBe(before.lines);
      expect(await t.eventLog()).toEqual(before.log);
      expect(t.timeline).toEqual(['rollback']);
      expect(t.published).toEqual([]);
    };

    it('an unknown product, with UnknownProductsError naming each unknown product once', async () => {
      const { customer, cup } = aFakeShop(t.moduleRef);
      const missing = [aProductResponse().id, aProductResponse().id];

      const place = t.commandBus.execute(
        new PlaceOrderCommand(customer.id, [
          { productId: cup.id, quantity: 1 },
          { productId: missing[0], quantity: 1 },
          { productId: missing[1], quantity: 1 },
          { productId: missing[0], quantity: 2 },
        ]),
      );
      await expect(place).rejects.toThrow(UnknownProductsError);
      await expect(place).rejects.toThrow(`unknown products: ${missing.join(', ')}`);
      await expectNothingWritten();
    });

    it('an unknown customer, with CustomerNotFoundError', async () => {
      const { cup } = aFakeShop(t.moduleRef);
      const stranger = aCustomerResponse();

      const place = t.commandBus.execute(
        new PlaceOrderCommand(stranger.id, [{ productId: cup.id, quantity: 1 }]),
      );
      await expect(place).rejects.toThrow(CustomerNotFoundError);
      await expect(place).rejects.toThrow(`customer ${stranger.id} not found`);
      await expectNothingWritten();
    });
  });

  it('keeps concurrent commands apart: a failing one leaves nothing, the others all commit', async () => {
    const { customer, cup, saucer } = aFakeShop(t.moduleRef);
    const ordersBefore = await t.count('orders');

    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        t.commandBus.execute(
          new PlaceOrderCommand(customer.id, [
            { productId: cup.id, quantity: 1 + i },
            { productId: i % 3 === 2 ? aProductResponse().id : saucer.id, quantity: 1 },
          ]),
        ),
      ),
    );

    const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(placed).toHaveLength(8);
    expect(failed).toHaveLength(4);
    failed.forEach((error) => expect(error).toBeInstanceOf(UnknownProductsError));
    expect(await t.count('orders')).toBe(ordersBefore + 8);
    expect(new Set(placed.map((order) => order.position)).size).toBe(8);
    for (const order of placed) {
      expect(await t.eventsOf(order.id)).toHaveLength(1);
      expect(
        await t.sql('SELECT line_no FROM order_lines WHERE order_id = ? ORDER BY line_no', [
          order.id,
        ]),
      ).toEqual([{ line_no: 1 }, { line_no: 2 }]);
    }
    expect(t.published.map((event) => event.constructor)).toEqual(
      Array<unknown>(8).fill(OrderPlacedEvent),
    );
  });
});
