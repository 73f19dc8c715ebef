import { DomainEvent } from '../../../shared/event-log/domain-event.js';

export interface OrderCancelledPayload {
  orderId: string;
  customerId: string;
  version: number;
}

export class OrderCancelledEvent extends DomainEvent<OrderCancelledPayload> {
  static readonly type = 'OrderCancelled';
  readonly type = OrderCancelledEvent.type;
}
