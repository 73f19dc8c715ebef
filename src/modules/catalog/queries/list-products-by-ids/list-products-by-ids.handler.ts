import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { placeholders } from '../../../../shared/database/plain-sql.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { ListProductsByIdsQuery } from '../../contracts/list-products-by-ids.query.js';
import type { ProductResponse } from '../../contracts/product.response.js';

@QueryHandler(ListProductsByIdsQuery)
export class ListProductsByIdsHandler implements IQueryHandler<ListProductsByIdsQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ productIds }: ListProductsByIdsQuery): Promise<ProductResponse[]> {
    if (productIds.length === 0) return [];
    const ids = [...new Set(productIds)];
    // Plain SQL: every order placed asks this (ReadDatabase.query).
    return this.db.query<ProductResponse>(
      `SELECT id, sku, name, price_cents AS "priceCents" FROM products
        WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
  }
}
