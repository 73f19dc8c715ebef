import { aProductResponse } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CatalogModule } from '../../catalog.module.js';
import { ProductPriceChangedEvent } from '../../contracts/product-price-changed.event.js';
import { ProductNotFoundError } from '../../contracts/product.errors.js';
import { CreateProductCommand } from '../create-product/create-product.command.js';
import { ChangeProductPriceCommand } from './change-product-price.command.js';

describe('ChangeProductPriceHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CatalogModule] });
  });
  afterAll(() => t.close());

  const aProduct = async (priceCents = 1000) => {
    const { sku, name } = aProductResponse();
    const product = await t.commandBus.execute(new CreateProductCommand(sku, name, priceCents));
    t.clearRecords();
    return product;
  };

  it('answers the product with its new price and the position of ProductPriceChanged', async () => {
    const product = await aProduct(1000);

    const changed = await t.commandBus.execute(new ChangeProductPriceCommand(product.id, 1500));

    expect(changed).toEqual({
      id: product.id,
      sku: product.sku,
      name: product.name,
      priceCents: 1500,
      position: expect.any(Number),
    });
    expect(changed.position).toBeGreaterThan(product.position);
  });

  it('updates the row and appends ProductPriceChanged with the old and new price', async () => {
    const product = await aProduct(1000);

    const changed = await t.commandBus.execute(new ChangeProductPriceCommand(product.id, 750));

    expect(
      await t.sql('SELECT sku, name, price_cents FROM products WHERE id = ?', [product.id]),
    ).toEqual([{ sku: product.sku, name: product.name, price_cents: 750 }]);
    const events = await t.eventsOf(product.id);
    expect(events.map((event) => event.type)).toEqual(['ProductCreated', 'ProductPriceChanged']);
    expect(events[1]).toMatchObject({
      position: changed.position,
      streamId: product.id,
      payload: { productId: product.id, oldPriceCents: 1000, newPriceCents: 750 },
    });
  });

  it('accepts a price of zero', async () => {
    const product = await aProduct(1000);
    await expect(
      t.commandBus.execute(new ChangeProductPriceCommand(product.id, 0)),
    ).resolves.toMatchObject({ priceCents: 0 });
  });

  it('records each change in order, so the log replays to the current price', async () => {
    const product = await aProduct(100);
    for (const price of [200, 300, 250]) {
      await t.commandBus.execute(new ChangeProductPriceCommand(product.id, price));
    }

    const changes = (await t.eventsOf(product.id)).slice(1).map((event) => event.payload);
    expect(changes).toEqual([
      { productId: product.id, oldPriceCents: 100, newPriceCents: 200 },
      { productId: product.id, oldPriceCents: 200, newPriceCents: 300 },
      { productId: product.id, oldPriceCents: 300, newPriceCents: 250 },
    ]);
  });

  it('publishes ProductPriceChanged only after the commit, with its position set', async () => {
    const product = await aProduct(1000);

    const changed = await t.commandBus.execute(new ChangeProductPriceCommand(product.id, 1100));

    expect(t.timeline).toEqual(['commit', 'publish ProductPriceChanged']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(ProductPriceChangedEvent);
    expect(t.published[0]).toMatchObject({ streamId: product.id, position: changed.position });
  });

  it('rejects an unknown product with ProductNotFoundError, writing nothing and publishing nothing', async () => {
    const missingId = aProductResponse().id;
    const logBefore = await t.eventLog();
    const productsBefore = await t.sql('SELECT id, price_cents FROM products ORDER BY id');
    t.clearRecords();

    const change = t.commandBus.execute(new ChangeProductPriceCommand(missingId, 500));
    await expect(change).rejects.toThrow(ProductNotFoundError);
    await expect(change).rejects.toThrow(`product ${missingId} not found`);

    expect(await t.sql('SELECT id, price_cents FROM products ORDER BY id')).toEqual(productsBefore);
    expect(await t.eventLog()).toEqual(logBefore);
    expect(t.timeline).toEqual(['rollback']);
    expect(t.published).toEqual([]);
  });
});
