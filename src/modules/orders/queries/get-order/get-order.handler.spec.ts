import {
  aFakeShop,
  aProductResponse,
  fakePublicQueries,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CancelOrderCommand } from '../../commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from '../../commands/place-order/place-order.command.js';
import { ShipOrderCommand } from '../../commands/ship-order/ship-order.command.js';
import { OrderNotFoundError } from '../../contracts/order.errors.js';
import { OrdersModule } from '../../orders.module.js';
import { GetOrderQuery } from './get-order.query.js';

describe('GetOrderHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [OrdersModule], providers: fakePublicQueries });
  });
  afterAll(() => t.close());

  it('answers the order exactly as PlaceOrder answered it, lines in order', async () => {
    const { customer, catalog, cup, saucer } = aFakeShop(t.moduleRef);
    const teapot = catalog.set(aProductResponse({ name: 'Teapot', priceCents: 4200 }));
    const { position, ...placed } = await t.commandBus.execute(
      new PlaceOrderCommand(customer.id, [
        { productId: teapot.id, quantity: 1 },
        { productId: cup.id, quantity: 4 },
        { productId: saucer.id, quantity: 4 },
      ]),
    );

    const order = await t.queryBus.execute(new GetOrderQuery(placed.id));

    expect(order).toEqual(placed);
    expect(position).toEqual(expect.any(Number));
    expect(order.lines.map((line) => line.productName)).toEqual(['Teapot', 'Cup', 'Saucer']);
    expect(order).toMatchObject({ status: 'placed', version: 1, totalCents: 4200 + 4 * 2050 });
  });

  it('answers the current status and version: it reads the write model, never stale', async () => {
    const { customer, cup } = aFakeShop(t.moduleRef);
    const lines = [{ productId: cup.id, quantity: 1 }];
    const toCancel = await t.commandBus.execute(new PlaceOrderCommand(customer.id, lines));
    const toShip = await t.commandBus.execute(new PlaceOrderCommand(customer.id, lines));
    await t.commandBus.execute(new CancelOrderCommand(toCancel.id));
    await t.commandBus.execute(new ShipOrderCommand(toShip.id));

    await expect(t.queryBus.execute(new GetOrderQuery(toCancel.id))).resolves.toMatchObject({
      status: 'cancelled',
      version: 2,
    });
    await expect(t.queryBus.execute(new GetOrderQuery(toShip.id))).resolves.toMatchObject({
      status: 'shipped',
      version: 2,
    });
  });

  it('answers a total beyond 32 bits exactly, as a number', async () => {
    const { customer, catalog } = aFakeShop(t.moduleRef);
    const piano = catalog.set(aProductResponse({ name: 'Grand piano', priceCents: 100_000_000 }));
    const lines = Array.from({ length: 30 }, () => ({ productId: piano.id, quantity: 1000 }));
    const placed = await t.commandBus.execute(new PlaceOrderCommand(customer.id, lines));

    const order = await t.queryBus.execute(new GetOrderQuery(placed.id));

    expect(order.totalCents).toBe(3_000_000_000_000);
    expect(order.lines).toHaveLength(30);
  });

  it('throws OrderNotFoundError for an unknown id', async () => {
    const missingId = aProductResponse().id;
    const query = t.queryBus.execute(new GetOrderQuery(missingId));
    await expect(query).rejects.toThrow(OrderNotFoundError);
    await expect(query).rejects.toThrow(`order ${missingId} not found`);
  });
});
