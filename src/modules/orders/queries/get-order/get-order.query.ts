import { Query } from '@nestjs/cqrs';
import type { OrderResponse } from '../../contracts/order.response.js';

/** One order from the write model: always current, never stale. */
export class GetOrderQuery extends Query<OrderResponse> {
  constructor(
    readonly orderId: string,
    /** When set, only this customer's order is found: another's is OrderNotFound, not a leak. */
    readonly ownerId?: string,
  ) {
    super();
  }
}
