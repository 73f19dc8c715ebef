import {
  aCustomerResponse,
  FakeGetCustomerHandler,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessTokenService } from '../../../../shared/auth/access-token.service.js';
import { PasswordHasher } from '../../../../shared/auth/password-hasher.js';
import {
  type CustomerCredentialsMatch,
  GetCustomerByCredentialsQuery,
} from '../../../customers/contracts/get-customer-by-credentials.query.js';
import { CreateStaffAccountCommand } from '../../commands/create-staff-account/create-staff-account.command.js';
import { InvalidCredentialsError } from '../../contracts/identity.errors.js';
import { IdentityModule } from '../../identity.module.js';
import { GetAccessTokenQuery } from './get-access-token.query.js';

const customer = aCustomerResponse({ email: 'ada.login@example.org' });

/** The customers module, faked at its public query: one customer with one password. */
@QueryHandler(GetCustomerByCredentialsQuery)
class FakeGetCustomerByCredentialsHandler implements IQueryHandler<GetCustomerByCredentialsQuery> {
  constructor(private readonly passwords: PasswordHasher) {}

  async execute({
    email,
    password,
  }: GetCustomerByCredentialsQuery): Promise<CustomerCredentialsMatch | null> {
    await this.passwords.verifyNothing(password); // the real one always verifies once
    return email.toLowerCase() === customer.email && password === 'customer password'
      ? { customerId: customer.id }
      : null;
  }
}

describe('GetAccessTokenHandler', () => {
  let t: HandlerTestModule;
  let staffId: string;
  beforeAll(async () => {
    t = await createHandlerTestModule({
      imports: [IdentityModule],
      providers: [FakeGetCustomerByCredentialsHandler, FakeGetCustomerHandler],
    });
    ({ id: staffId } = await t.commandBus.execute(
      new CreateStaffAccountCommand('boss@example.org', 'staff password'),
    ));
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.queryBus.execute(new GetAccessTokenQuery(email, password));
  const principalOf = (token: string) => t.moduleRef.get(AccessTokenService).verify(token);

  it('issues a staff token to staff, for JWT_TTL_SECONDS', async () => {
    const { accessToken, expiresIn } = await login('Boss@example.org', 'staff password');

    expect(expiresIn).toBe(t.config.JWT_TTL_SECONDS);
    await expect(principalOf(accessToken)).resolves.toEqual({ id: staffId, role: 'staff' });
  });

  it('issues a customer token to a customer (asked through the customers public query)', async () => {
    const { accessToken } = await login('ada.login@example.org', 'customer password');

    await expect(principalOf(accessToken)).resolves.toEqual({ id: customer.id, role: 'customer' });
  });

  it.each([
    ['a wrong staff password', 'boss@example.org', 'wrong password'],
    ['a wrong customer password', 'ada.login@example.org', 'wrong password'],
    ['an unknown email', 'nobody@example.org', 'staff password'],
  ])('refuses %s with the same InvalidCredentialsError', async (_case, email, password) => {
    const attempt = login(email, password);
    await expect(attempt).rejects.toThrow(InvalidCredentialsError);
    await expect(attempt).rejects.toThrow('invalid email or password');
  });
});
