import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { ProductNotFoundError } from '../../contracts/product.errors.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { selectProducts } from '../select-products.js';
import { GetProductQuery } from './get-product.query.js';

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ productId }: GetProductQuery): Promise<ProductResponse> {
    const product = await selectProducts(this.db)
      .where('p.id = :productId', { productId })
      .getRawOne<ProductResponse>();
    if (!product) throw new ProductNotFoundError(productId);
    return product;
  }
}
