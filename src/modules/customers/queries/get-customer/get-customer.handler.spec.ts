import {
  aCustomerResponse,
  anAddressResponse,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ChangeCustomerAddressCommand } from '../../commands/change-customer-address/change-customer-address.command.js';
import { RegisterCustomerCommand } from '../../commands/register-customer/register-customer.command.js';
import { CustomerNotFoundError } from '../../contracts/customer.errors.js';
import type { AddressResponse } from '../../contracts/customer.response.js';
import { GetCustomerQuery } from '../../contracts/get-customer.query.js';
import { CustomersModule } from '../../customers.module.js';

/** The customers module's public query: the HTTP API asks it, and so does orders. */
describe('GetCustomerHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CustomersModule] });
  });
  afterAll(() => t.close());

  const register = (name: string, email: string, address: AddressResponse | null) =>
    t.commandBus.execute(new RegisterCustomerCommand(name, email, address, 'a-password'));

  it('answers the customer with its address', async () => {
    const address = anAddressResponse();
    const { id } = await register('Ada Lovelace', 'ada.get@example.org', address);

    await expect(t.queryBus.execute(new GetCustomerQuery(id))).resolves.toEqual({
      id,
      name: 'Ada Lovelace',
      email: 'ada.get@example.org',
      address,
    });
  });

  it('answers address null for a customer without one', async () => {
    const { id, email } = await register('No Address', aCustomerResponse().email, null);

    await expect(t.queryBus.execute(new GetCustomerQuery(id))).resolves.toEqual({
      id,
      name: 'No Address',
      email,
      address: null,
    });
  });

  it('answers the current address after a change', async () => {
    const { id } = await register('Mover', aCustomerResponse().email, anAddressResponse());
    const moved = anAddressResponse({ street: '2 New Road', city: 'Leeds', postalCode: 'LS1 1AA' });
    await t.commandBus.execute(new ChangeCustomerAddressCommand(id, moved));

    await expect(t.queryBus.execute(new GetCustomerQuery(id))).resolves.toMatchObject({
      address: moved,
    });
  });

  it('answers only the customer asked for', async () => {
    const first = await register('First', aCustomerResponse().email, null);
    const second = await register('Second', aCustomerResponse().email, null);

    await expect(t.queryBus.execute(new GetCustomerQuery(first.id))).resolves.toMatchObject({
      id: first.id,
      name: 'First',
    });
    await expect(t.queryBus.execute(new GetCustomerQuery(second.id))).resolves.toMatchObject({
      id: second.id,
      name: 'Second',
    });
  });

  it('throws CustomerNotFoundError for an unknown id', async () => {
    const missingId = aCustomerResponse().id;
    const query = t.queryBus.execute(new GetCustomerQuery(missingId));
    await expect(query).rejects.toThrow(CustomerNotFoundError);
    await expect(query).rejects.toThrow(`customer ${missingId} not found`);
  });
});
