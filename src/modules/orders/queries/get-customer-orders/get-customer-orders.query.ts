import { Query } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/pagination/page.js';
import type { CustomerOrderItem } from '../../contracts/order.response.js';

/** A customer's order history, newest first, one page at a time. */
export class GetCustomerOrdersQuery extends Query<Page<CustomerOrderItem>> {
  constructor(
    readonly customerId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
