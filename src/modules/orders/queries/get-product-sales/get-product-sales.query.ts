import { Query } from '@nestjs/cqrs';
import type { ReadAnswer } from '../../../../shared/projections/view-or-write-model.js';
import type { ProductSalesResponse } from '../../contracts/product-sales.response.js';

/** One product's sales, from the product_sales view. */
export class GetProductSalesQuery extends Query<ReadAnswer<ProductSalesResponse>> {
  constructor(
    readonly productId: string,
    /** Read-your-writes: the answer must include the event at this position. */
    readonly minPosition: number | undefined,
  ) {
    super();
  }
}
