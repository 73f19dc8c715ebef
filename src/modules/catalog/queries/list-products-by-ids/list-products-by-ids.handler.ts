import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { ListProductsByIdsQuery } from '../../contracts/list-products-by-ids.query.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { selectProducts } from '../select-products.js';

@QueryHandler(ListProductsByIdsQuery)
export class ListProductsByIdsHandler implements IQueryHandler<ListProductsByIdsQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ productIds }: ListProductsByIdsQuery): Promise<ProductResponse[]> {
    if (productIds.length === 0) return [];
    return selectProducts(this.db)
      .where('p.id IN (:...productIds)', { productIds: [...new Set(productIds)] })
      .getRawMany<ProductResponse>();
  }
}
