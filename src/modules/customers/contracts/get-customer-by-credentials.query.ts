import { Query } from '@nestjs/cqrs';

/** The customer whose email and password these are. */
export interface CustomerCredentialsMatch {
  customerId: string;
}

/**
 * Public, for logging in: answers the customer when the email (any letter case) and the
 * password match, null otherwise. The password hash never leaves the customers module, and
 * the answer takes one password verification whether or not the email is known.
 */
export class GetCustomerByCredentialsQuery extends Query<CustomerCredentialsMatch | null> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
