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
 * Logging in, with one password verification whatever the email: the staff table is looked
 * up first (by email only, no hashing); a staff email verifies the staff hash, any other is
 * asked of the customers module, which verifies the customer's hash, or a dummy one for an
 * unknown email. So a wrong email, a wrong customer password and a wrong staff password get
 * the same error in the same time, and a login costs one scrypt, not one per account kind.
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
    // On the primary, even with a replica: logging in comes right after registering, and a
    // replica a moment behind would answer 401 to the customer it just said 201 to.
    const principal = await this.db.onPrimary(async () => {
      const staff = await this.staffByEmail(email);
      return staff ? this.staffPrincipal(staff, password) : this.customerPrincipal(email, password);
    });
    if (!principal) throw new InvalidCredentialsError();
    return this.tokens.issue(principal);
  }

  private staffByEmail(email: string) {
    return this.db
      .select('identity_staff_accounts', 's')
      .select('s.id', 'id')
      .addSelect('s.password_hash', 'passwordHash')
      .where('s.email = :email', { email: email.toLowerCase() })
      .getRawOne<{ id: string; passwordHash: string }>();
  }

  private async staffPrincipal(
    staff: { id: string; passwordHash: string },
    password: string,
  ): Promise<Principal | undefined> {
    const matches = await this.passwords.verify(password, staff.passwordHash);
    return matches ? { id: staff.id, role: 'staff' } : undefined;
  }

  private async customerPrincipal(email: string, password: string): Promise<Principal | undefined> {
    const customer = await this.queryBus.execute(
      new GetCustomerByCredentialsQuery(email, password),
    );
    return customer ? { id: customer.customerId, role: 'customer' } : undefined;
  }
}
