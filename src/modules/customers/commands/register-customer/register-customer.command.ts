import { Command } from '@nestjs/cqrs';
import type { IdempotencyRequest } from '../../../../shared/idempotency/idempotency-request.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { AddressResponse, CustomerResponse } from '../../contracts/customer.response.js';

export class RegisterCustomerCommand extends Command<WithPosition<CustomerResponse>> {
  constructor(
    readonly name: string,
    readonly email: string,
    readonly address: AddressResponse | null,
    /** In clear text only until the handler hashes it; never logged (the bus logs names only). */
    readonly password: string,
    readonly idempotency?: IdempotencyRequest,
  ) {
    super();
  }
}
