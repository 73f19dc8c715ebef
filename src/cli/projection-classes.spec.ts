import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrderListByCustomerProjection } from '../modules/orders/projections/order-list-by-customer.projection.js';
import { ProductSalesProjection } from '../modules/orders/projections/product-sales.projection.js';
import { projectionClasses } from './projection-classes.js';

const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../modules');

describe('projectionClasses (how projections:rebuild finds the projections)', () => {
  it('finds every projection of the modules', async () => {
    expect(await projectionClasses()).toEqual([
      OrderListByCustomerProjection,
      ProductSalesProjection,
    ]);
  });

  it('can rely on the naming: every @Projection() class is in a *.projection.ts file', () => {
    const marked = readdirSync(MODULES, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => readFileSync(path.join(MODULES, file), 'utf8').includes('@Projection()'));
    expect(marked.length).toBeGreaterThanOrEqual(2);
    expect(marked.filter((file) => !file.endsWith('.projection.ts'))).toEqual([]);
  });
});
