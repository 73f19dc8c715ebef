import { Query } from '@nestjs/cqrs';
import type { ProductResponse } from '../../contracts/product.response.js';

export class GetProductQuery extends Query<ProductResponse> {
  constructor(readonly productId: string) {
    super();
  }
}
