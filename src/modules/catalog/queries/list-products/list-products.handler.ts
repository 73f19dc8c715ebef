import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { decodeCursor, encodeCursor } from '../../../../shared/pagination/cursor.js';
import type { Page } from '../../../../shared/pagination/page.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { selectProducts } from '../select-products.js';
import { ListProductsQuery } from './list-products.query.js';

@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ limit, cursor }: ListProductsQuery): Promise<Page<ProductResponse>> {
    const query = selectProducts(this.db)
      .orderBy('p.sku', 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const [afterSku] = decodeCursor(cursor, ['string']);
      query.where('p.sku > :afterSku', { afterSku });
    }
    const rows = await query.getRawMany<ProductResponse>();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sku]) : null };
  }
}
