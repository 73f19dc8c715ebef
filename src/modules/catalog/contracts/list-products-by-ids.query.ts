import { Query } from '@nestjs/cqrs';
import type { ProductResponse } from './product.response.js';

/**
 * The catalog's public question for other modules: the current name and price of some
 * products. Answers only the products that exist; the caller decides what a missing one means.
 */
export class ListProductsByIdsQuery extends Query<ProductResponse[]> {
  constructor(readonly productIds: readonly string[]) {
    super();
  }
}
