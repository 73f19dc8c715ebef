import { Query } from '@nestjs/cqrs';
import type { CustomerResponse } from './customer.response.js';

/** Public: the HTTP API asks it, and so does orders before it places an order. */
export class GetCustomerQuery extends Query<CustomerResponse> {
  constructor(readonly customerId: string) {
    super();
  }
}
