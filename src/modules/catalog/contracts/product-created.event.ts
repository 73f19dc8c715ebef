import { DomainEvent } from '../../../shared/event-log/domain-event.js';

export interface ProductCreatedPayload {
  productId: string;
  sku: string;
  name: string;
  priceCents: number;
}

export class ProductCreatedEvent extends DomainEvent<ProductCreatedPayload> {
  static readonly type = 'ProductCreated';
  readonly type = ProductCreatedEvent.type;
}
