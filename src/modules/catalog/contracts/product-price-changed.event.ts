import { DomainEvent } from '../../../shared/event-log/domain-event.js';

export interface ProductPriceChangedPayload {
  productId: string;
  oldPriceCents: number;
  newPriceCents: number;
}

export class ProductPriceChangedEvent extends DomainEvent<ProductPriceChangedPayload> {
  static readonly type = 'ProductPriceChanged';
  readonly type = ProductPriceChangedEvent.type;
}
