import { DomainEvent } from '../../../shared/event-log/domain-event.js';
import type { AddressResponse } from './customer.response.js';

export interface CustomerAddressChangedPayload {
  customerId: string;
  address: AddressResponse;
}

export class CustomerAddressChangedEvent extends DomainEvent<CustomerAddressChangedPayload> {
  static readonly type = 'CustomerAddressChanged';
  readonly type = CustomerAddressChangedEvent.type;
}
