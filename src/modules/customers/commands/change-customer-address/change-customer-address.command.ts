import { Command } from '@nestjs/cqrs';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { AddressResponse, CustomerResponse } from '../../contracts/customer.response.js';

export class ChangeCustomerAddressCommand extends Command<WithPosition<CustomerResponse>> {
  constructor(
    readonly customerId: string,
    readonly address: AddressResponse,
  ) {
    super();
  }
}
