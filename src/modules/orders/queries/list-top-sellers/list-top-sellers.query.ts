import { Query } from '@nestjs/cqrs';
import type { ReadAnswer } from '../../../../shared/projections/view-or-write-model.js';
import type { TopSellersResponse } from '../../contracts/product-sales.response.js';

/** The products that sold the most units, from the product_sales view. */
export class ListTopSellersQuery extends Query<ReadAnswer<TopSellersResponse>> {
  constructor(
    readonly limit: number,
    /** Read-your-writes: the answer must include the event at this position. */
    readonly minPosition: number | undefined,
  ) {
    super();
  }
}
