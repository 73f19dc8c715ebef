import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PasswordHasher } from '../../../../shared/auth/password-hasher.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import {
  type CustomerCredentialsMatch,
  GetCustomerByCredentialsQuery,
} from '../../contracts/get-customer-by-credentials.query.js';

@QueryHandler(GetCustomerByCredentialsQuery)
export class GetCustomerByCredentialsHandler implements IQueryHandler<GetCustomerByCredentialsQuery> {
  constructor(
    private readonly db: ReadDatabase,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute({
    email,
    password,
  }: GetCustomerByCredentialsQuery): Promise<CustomerCredentialsMatch | null> {
    const row = await this.db
      .select('customers', 'c')
      .select('c.id', 'id')
      .addSelect('c.password_hash', 'passwordHash')
      .where('c.email = :email', { email: email.toLowerCase() })
      .getRawOne<{ id: string; passwordHash: string | null }>();
    // Unknown email (or a customer without a password): the same work, the same answer.
    const matches = row?.passwordHash
      ? await this.passwords.verify(password, row.passwordHash)
      : await this.passwords.verifyNothing(password);
    return matches && row ? { customerId: row.id } : null;
  }
}
