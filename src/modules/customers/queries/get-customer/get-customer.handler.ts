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
    const row = await this.db
      .select('customers', 'c')
      .select([
        'c.id AS id',
        'c.name AS name',
        'c.email AS email',
        'c.street AS street',
        'c.city AS city',
      ])
      .addSelect('c.postal_code', 'postalCode')
      .addSelect('c.country', 'country')
      .where('c.id = :customerId', { customerId })
      .getRawOne<CustomerRow>();
    if (!row) throw new CustomerNotFoundError(customerId);
    const { street, city, postalCode, country, ...customer } = row;
    const address =
      street !== null && city !== null && postalCode !== null && country !== null
        ? { street, city, postalCode, country }
        : null;
    return { ...customer, address };
  }
}
