import { aProductResponse } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CatalogModule } from '../../catalog.module.js';
import { ProductNotFoundError } from '../../contracts/product.errors.js';
import { ChangeProductPriceCommand } from '../../commands/change-product-price/change-product-price.command.js';
import { CreateProductCommand } from '../../commands/create-product/create-product.command.js';
import { GetProductQuery } from './get-product.query.js';

describe('GetProductHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CatalogModule] });
  });
  afterAll(() => t.close());

  const createProduct = (overrides: { sku?: string; name?: string; priceCents?: number } = {}) => {
    const { sku, name, priceCents } = { ...aProductResponse(), ...overrides };
    return t.commandBus.execute(new CreateProductCommand(sku, name, priceCents));
  };

  it('answers the product as it was created', async () => {
    const { id } = await createProduct({ sku: 'TEAPOT-9', name: 'Teapot', priceCents: 4200 });

    await expect(t.queryBus.execute(new GetProductQuery(id))).resolves.toEqual({
      id,
      sku: 'TEAPOT-9',
      name: 'Teapot',
      priceCents: 4200,
    });
  });

  it('answers the current price after a change', async () => {
    const { id } = await createProduct({ priceCents: 100 });
    await t.commandBus.execute(new ChangeProductPriceCommand(id, 175));

    await expect(t.queryBus.execute(new GetProductQuery(id))).resolves.toMatchObject({
      priceCents: 175,
    });
  });

  it('answers only the product asked for', async () => {
    const first = await createProduct();
    const second = await createProduct();

    await expect(t.queryBus.execute(new GetProductQuery(second.id))).resolves.toMatchObject({
      id: second.id,
      sku: second.sku,
    });
    await expect(t.queryBus.execute(new GetProductQuery(first.id))).resolves.toMatchObject({
      id: first.id,
      sku: first.sku,
    });
  });

  it('throws ProductNotFoundError for an unknown id', async () => {
    const missingId = aProductResponse().id;
    const query = t.queryBus.execute(new GetProductQuery(missingId));
    await expect(query).rejects.toThrow(ProductNotFoundError);
    await expect(query).rejects.toThrow(`product ${missingId} not found`);
  });
});
