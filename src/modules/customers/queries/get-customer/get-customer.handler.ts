import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { CustomerNotFoundError } from '../../contracts/customer.errors.js';
import type { CustomerResponse } from '../../contracts/customer.response.js';
import { GetCustomerQuery } from '../../contracts/get-customer.query.js';

interface CustomerRow {
  id: string;
  name: string;
  email: string;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
}

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ customerId }: GetCustomerQuery): Promise<CustomerResponse> {
    // Plain SQL: every order placed asks this (ReadDatabase.query).
    const [row] = await this.db.query<CustomerRow>(
      `SELECT id, name, email, street, city, postal_code AS "postalCode", country
         FROM customers WHERE id = $1`,
      [customerId],
    );
    if (!row) throw new CustomerNotFoundError(customerId);
    const { street, city, postalCode, country, ...customer } = row;
    const address =
      street !== null && city !== null && postalCode !== null && country !== null
        ? { street, city, postalCode, country }
        : null;
    return { ...customer, address };
  }
}
