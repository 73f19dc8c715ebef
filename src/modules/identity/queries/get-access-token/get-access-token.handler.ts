import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AccessTokenService } from '../../../../shared/auth/access-token.service.js';
import { PasswordHasher } from '../../../../shared/auth/password-hasher.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { GetCustomerByCredentialsQuery } from '../../../customers/contracts/get-customer-by-credentials.query.js';
import type { AccessTokenResponse } from '../../contracts/access-token.response.js';
import { InvalidCredentialsError } from '../../contracts/identity.errors.js';
import { GetAccessTokenQuery } from './get-access-token.query.js';

/**
 * Logging in. Every attempt costs the same, known email or not, customer or staff: customers
 * verify one password (a dummy one for an unknown email), and so does the staff table here.
 * A wrong email and a wrong password get the same error, in the same time.
 * Staff accounts take precedence when an email is both.
 */
@QueryHandler(GetAccessTokenQuery)
export class GetAccessTokenHandler implements IQueryHandler<GetAccessTokenQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly db: ReadDatabase,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokenService,
  ) {}

  async execute({ email, password }: GetAccessTokenQuery): Promise<AccessTokenResponse> {
    const [customer, staffId] = await Promise.all([
      this.queryBus.execute(new GetCustomerByCredentialsQuery(email, password)),
      this.staffByCredentials(email, password),
    ]);
    const principal: Principal | undefined = staffId
      ? { id: staffId, role: 'staff' }
      : customer
        ? { id: customer.customerId, role: 'customer' }
        : undefined;
    if (!principal) throw new InvalidCredentialsError();
    return this.tokens.issue(principal);
  }

  private async staffByCredentials(email: string, password: string): Promise<string | undefined> {
    const row = await this.db
      .select('identity_staff_accounts', 's')
      .select('s.id', 'id')
      .addSelect('s.password_hash', 'passwordHash')
      .where('s.email = :email', { email: email.toLowerCase() })
      .getRawOne<{ id: string; passwordHash: string }>();
    const matches = row
      ? await this.passwords.verify(password, row.passwordHash)
      : await this.passwords.verifyNothing(password);
    return matches ? row?.id : undefined;
  }
}
