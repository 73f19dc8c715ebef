import { DomainEvent } from '../../../shared/event-log/domain-event.js';
import type { OrderLineResponse } from './order.response.js';

/** Carries the whole order, so a projection can build its row from the event alone. */
export interface OrderPlacedPayload {
  orderId: string;
  customerId: string;
  placedAt: string;
  totalCents: number;
  lines: OrderLineResponse[];
}

export class OrderPlacedEvent extends DomainEvent<OrderPlacedPayload> {
  static readonly type = 'OrderPlaced';
  readonly type = OrderPlacedEvent.type;
}
