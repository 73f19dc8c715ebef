import { aProductResponse } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CatalogModule } from '../../catalog.module.js';
import { ChangeProductPriceCommand } from '../../commands/change-product-price/change-product-price.command.js';
import { CreateProductCommand } from '../../commands/create-product/create-product.command.js';
import { ListProductsByIdsQuery } from '../../contracts/list-products-by-ids.query.js';
import type { ProductResponse } from '../../contracts/product.response.js';

/** The catalog's public query: what orders asks before it places an order. */
describe('ListProductsByIdsHandler', () => {
  let t: HandlerTestModule;
  let cup: ProductResponse;
  let saucer: ProductResponse;
  let teapot: ProductResponse;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CatalogModule] });
    const create = async (name: string, priceCents: number) => {
      const { id, sku } = await t.commandBus.execute(
        new CreateProductCommand(aProductResponse().sku, name, priceCents),
      );
      return { id, sku, name, priceCents };
    };
    cup = await create('Cup', 1250);
    saucer = await create('Saucer', 800);
    teapot = await create('Teapot', 4200);
  });
  afterAll(() => t.close());

  const byId = (products: ProductResponse[]) =>
    [...products].sort((a, b) => a.id.localeCompare(b.id));

  it('answers the products asked for, with their current name and price', async () => {
    const products = await t.queryBus.execute(new ListProductsByIdsQuery([cup.id, teapot.id]));
    expect(byId(products)).toEqual(byId([cup, teapot]));
  });

  it('answers only the products that exist, leaving the caller to decide about the rest', async () => {
    const missing = aProductResponse().id;
    const products = await t.queryBus.execute(new ListProductsByIdsQuery([saucer.id, missing]));
    expect(products).toEqual([saucer]);
  });

  it('answers a product asked for twice once', async () => {
    const products = await t.queryBus.execute(
      new ListProductsByIdsQuery([cup.id, cup.id, saucer.id, cup.id]),
    );
    expect(byId(products)).toEqual(byId([cup, saucer]));
  });

  it('answers an empty list for no ids, or only unknown ones', async () => {
    await expect(t.queryBus.execute(new ListProductsByIdsQuery([]))).resolves.toEqual([]);
    await expect(
      t.queryBus.execute(new ListProductsByIdsQuery([aProductResponse().id])),
    ).resolves.toEqual([]);
  });

  it('answers the price as it is now, after a change', async () => {
    const { sku } = aProductResponse();
    const mug = await t.commandBus.execute(new CreateProductCommand(sku, 'Mug', 500));
    await t.commandBus.execute(new ChangeProductPriceCommand(mug.id, 650));

    await expect(t.queryBus.execute(new ListProductsByIdsQuery([mug.id]))).resolves.toEqual([
      { id: mug.id, sku, name: 'Mug', priceCents: 650 },
    ]);
  });

  it('answers as many products as an order may have lines', async () => {
    const ids = [cup.id, saucer.id, teapot.id];
    for (let i = 0; i < 97; i++) ids.push(aProductResponse().id);
    const products = await t.queryBus.execute(new ListProductsByIdsQuery(ids));
    expect(byId(products)).toEqual(byId([cup, saucer, teapot]));
  });
});
