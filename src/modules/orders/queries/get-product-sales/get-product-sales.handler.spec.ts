import { randomUUID } from 'node:crypto';
import {
  aFakeShop,
  aProductResponse,
  fakePublicQueries,
} from '../../../../../test/support/fake-public-queries.js';
import { createHandlerTestModule } from '../../../../../test/support/handler-test-module.js';
import { ProductNotFoundError } from '../../../catalog/contracts/product.errors.js';
import { CancelOrderCommand } from '../../commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from '../../commands/place-order/place-order.command.js';
import { OrdersModule } from '../../orders.module.js';
import { ListTopSellersQuery } from '../list-top-sellers/list-top-sellers.query.js';
import { GetProductSalesQuery } from './get-product-sales.query.js';

async function openModule(readView: string) {
  const t = await createHandlerTestModule({
    imports: [OrdersModule],
    providers: fakePublicQueries,
    env: { READ_VIEW: readView },
  });
  return { t, shop: aFakeShop(t.moduleRef) };
}

describe.each([
  ['the read view', 'true', 'view'],
  ['the write model', 'false', 'write-model'],
])('GetProductSalesHandler and ListTopSellersHandler, from %s', (_source, readView, source) => {
  let m: Awaited<ReturnType<typeof openModule>>;
  beforeAll(async () => {
    m = await openModule(readView);
  });
  afterAll(() => m.t.close());

  it(`answers a product's sales from the ${source}, cancelled orders apart`, async () => {
    const { customer, cup, saucer } = m.shop;
    const place = (quantity: number) =>
      m.t.commandBus.execute(
        new PlaceOrderCommand(customer.id, [
          { productId: cup.id, quantity },
          { productId: saucer.id, quantity: 1 },
        ]),
      );
    await place(2);
    const second = await place(3);
    const cancelled = await m.t.commandBus.execute(new CancelOrderCommand(second.id));

    const sales = await m.t.queryBus.execute(new GetProductSalesQuery(cup.id, cancelled.position));

    expect(sales).toEqual({
      source,
      readPosition: expect.any(Number) as number,
      answer: {
        productId: cup.id,
        productName: 'Cup',
        unitsSold: 2,
        revenueCents: 2500,
        orders: 1,
        cancelledUnits: 3,
      },
    });
    expect(sales.readPosition).toBeGreaterThanOrEqual(cancelled.position);
    const top = await m.t.queryBus.execute(new ListTopSellersQuery(10, cancelled.position));
    expect(top.source).toBe(source);
    expect(top.answer.items.map((item) => item.productName)).toEqual(['Cup', 'Saucer']);
  });

  it('answers zeros for a product the catalog knows but nobody ordered', async () => {
    const teapot = m.shop.catalog.set(aProductResponse({ name: 'Teapot' }));

    const sales = await m.t.queryBus.execute(new GetProductSalesQuery(teapot.id, undefined));

    expect(sales.answer).toEqual({
      productId: teapot.id,
      productName: 'Teapot',
      unitsSold: 0,
      revenueCents: 0,
      orders: 0,
      cancelledUnits: 0,
    });
  });

  it('throws ProductNotFoundError for a product the catalog does not know', async () => {
    await expect(
      m.t.queryBus.execute(new GetProductSalesQuery(randomUUID(), undefined)),
    ).rejects.toThrow(ProductNotFoundError);
  });
});
