import { DomainEvent } from '../../../shared/event-log/domain-event.js';

export interface OrderShippedPayload {
  orderId: string;
  customerId: string;
  version: number;
}

export class OrderShippedEvent extends DomainEvent<OrderShippedPayload> {
  static readonly type = 'OrderShipped';
  readonly type = OrderShippedEvent.type;
}
