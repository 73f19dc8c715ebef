import { InvalidPriceError } from '../contracts/product.errors.js';
import { Product } from './product.entity.js';

describe('Product', () => {
  it.each([-1, 1.5, 100_000_001, Number.NaN])(
    'refuses a price of %s, on creation and on change',
    (priceCents) => {
      expect(() => Product.create({ sku: 'A-1', name: 'Cup', priceCents })).toThrow(
        InvalidPriceError,
      );
      const { product } = Product.create({ sku: 'A-1', name: 'Cup', priceCents: 100 });
      expect(() => product.changePrice(priceCents)).toThrow(InvalidPriceError);
      expect(product.priceCents).toBe(100);
    },
  );

  it('records the old and the new price', () => {
    const { product } = Product.create({ sku: 'A-1', name: 'Cup', priceCents: 100 });
    expect(product.changePrice(250).payload).toEqual({
      productId: product.id,
      oldPriceCents: 100,
      newPriceCents: 250,
    });
  });
});
