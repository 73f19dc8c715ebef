import { Query } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/pagination/page.js';
import type { ProductResponse } from '../../contracts/product.response.js';

/** Products in sku order, one page at a time. */
export class ListProductsQuery extends Query<Page<ProductResponse>> {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
