import { Query } from '@nestjs/cqrs';
import type { JsonText } from '../../../../shared/json/json-text.js';
import type { Page } from '../../../../shared/pagination/page.js';
import type { CustomerOrderItem } from '../../contracts/order.response.js';

export interface CustomerOrdersAnswer {
  /** Serialized already: the view stores its rows as the JSON they are served as. */
  page: JsonText<Page<CustomerOrderItem>>;
  /** The log position the answer reflects at least (sent as X-Read-Position). */
  readPosition: number;
  /** Where it came from (sent as X-Read-Source). */
  source: 'view' | 'write-model';
}

/** A customer's order history, newest first, one page at a time. */
export class GetCustomerOrdersQuery extends Query<CustomerOrdersAnswer> {
  constructor(
    readonly customerId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
    /** Read-your-writes: the answer must include the event at this position. */
    readonly minPosition: number | undefined,
  ) {
    super();
  }
}
