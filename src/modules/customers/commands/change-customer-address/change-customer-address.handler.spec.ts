import {
  aCustomerResponse,
  anAddressResponse,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CustomerAddressChangedEvent } from '../../contracts/customer-address-changed.event.js';
import { CustomerNotFoundError } from '../../contracts/customer.errors.js';
import type { AddressResponse } from '../../contracts/customer.response.js';
import { CustomersModule } from '../../customers.module.js';
import { RegisterCustomerCommand } from '../register-customer/register-customer.command.js';
import { ChangeCustomerAddressCommand } from './change-customer-address.command.js';

describe('ChangeCustomerAddressHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CustomersModule] });
  });
  afterAll(() => t.close());

  const aCustomer = async (address: AddressResponse | null = anAddressResponse()) => {
    const { name, email } = aCustomerResponse();
    const customer = await t.commandBus.execute(
      new RegisterCustomerCommand(name, email, address, 'a-password'),
    );
    t.clearRecords();
    return customer;
  };
  const newAddress = anAddressResponse({
    street: '221B Baker Street',
    city: 'London',
    postalCode: 'NW1 6XE',
    country: 'GB',
  });

  it('answers the customer with the new address and the position of CustomerAddressChanged', async () => {
    const customer = await aCustomer();

    const changed = await t.commandBus.execute(
      new ChangeCustomerAddressCommand(customer.id, newAddress),
    );

    expect(changed).toEqual({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      address: newAddress,
      position: expect.any(Number),
    });
    expect(changed.position).toBeGreaterThan(customer.position);
  });

  it('updates the row and appends CustomerAddressChanged in the same commit', async () => {
    const customer = await aCustomer();

    const changed = await t.commandBus.execute(
      new ChangeCustomerAddressCommand(customer.id, newAddress),
    );

    expect(
      await t.sql(
        'SELECT name, email, street, city, postal_code, country FROM customers WHERE id = ?',
        [customer.id],
      ),
    ).toEqual([
      {
        name: customer.name,
        email: customer.email,
        street: '221B Baker Street',
        city: 'London',
        postal_code: 'NW1 6XE',
        country: 'GB',
      },
    ]);
    const events = await t.eventsOf(customer.id);
    expect(events.map((event) => event.type)).toEqual([
      'CustomerRegistered',
      'CustomerAddressChanged',
    ]);
    expect(events[1]).toMatchObject({
      position: changed.position,
      streamId: customer.id,
      payload: { customerId: customer.id, address: newAddress },
    });
    expect(t.timeline).toEqual(['commit', 'publish CustomerAddressChanged']);
  });

  it('gives an address to a customer who registered without one', async () => {
    const customer = await aCustomer(null);

    const changed = await t.commandBus.execute(
      new ChangeCustomerAddressCommand(customer.id, newAddress),
    );

    expect(changed.address).toEqual(newAddress);
  });

  it('publishes CustomerAddressChanged only after the commit, with its position set', async () => {
    const customer = await aCustomer();

    const changed = await t.commandBus.execute(
      new ChangeCustomerAddressCommand(customer.id, newAddress),
    );

    expect(t.timeline).toEqual(['commit', 'publish CustomerAddressChanged']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(CustomerAddressChangedEvent);
    expect(t.published[0]).toMatchObject({ streamId: customer.id, position: changed.position });
  });

  it('rejects an unknown customer with CustomerNotFoundError, writing nothing and publishing nothing', async () => {
    await aCustomer();
    const missingId = aCustomerResponse().id;
    const customersBefore = await t.sql('SELECT * FROM customers ORDER BY id');
    const logBefore = await t.eventLog();

    const change = t.commandBus.execute(new ChangeCustomerAddressCommand(missingId, newAddress));
    await expect(change).rejects.toThrow(CustomerNotFoundError);
    await expect(change).rejects.toThrow(`customer ${missingId} not found`);

    expect(await t.sql('SELECT * FROM customers ORDER BY id')).toEqual(customersBefore);
    expect(await t.eventLog()).toEqual(logBefore);
    expect(t.timeline).toEqual(['rollback']);
    expect(t.published).toEqual([]);
  });
});
