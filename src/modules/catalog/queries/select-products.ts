import type { SelectQueryBuilder } from 'typeorm';
import type { ReadDatabase } from '../../../shared/database/read-database.js';

/** Products as ProductResponse rows, straight from the table: the read side skips the domain. */
export function selectProducts(db: ReadDatabase): SelectQueryBuilder<Record<string, unknown>> {
  return db
    .select('products', 'p')
    .select('p.id', 'id')
    .addSelect('p.sku', 'sku')
    .addSelect('p.name', 'name')
    .addSelect('p.price_cents', 'priceCents');
}
