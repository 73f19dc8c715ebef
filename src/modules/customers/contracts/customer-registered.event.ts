import { DomainEvent } from '../../../shared/event-log/domain-event.js';
import type { AddressResponse } from './customer.response.js';

export interface CustomerRegisteredPayload {
  customerId: string;
  name: string;
  email: string;
  address: AddressResponse | null;
}

export class CustomerRegisteredEvent extends DomainEvent<CustomerRegisteredPayload> {
  static readonly type = 'CustomerRegistered';
  readonly type = CustomerRegisteredEvent.type;
}
