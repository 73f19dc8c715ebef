import { Command } from '@nestjs/cqrs';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { OrderResponse } from '../../contracts/order.response.js';

export class CancelOrderCommand extends Command<WithPosition<OrderResponse>> {
  constructor(
    readonly orderId: string,
    /** When set, only this customer's order can be cancelled: another's is OrderNotFound. */
    readonly ownerId?: string,
  ) {
    super();
  }
}
