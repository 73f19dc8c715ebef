import {
  aCustomerResponse,
  anAddressResponse,
} from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { CustomerRegisteredEvent } from '../../contracts/customer-registered.event.js';
import { EmailTakenError } from '../../contracts/customer.errors.js';
import type { AddressResponse } from '../../contracts/customer.response.js';
import { CustomersModule } from '../../customers.module.js';
import { RegisterCustomerCommand } from './register-customer.command.js';

const aRegisterCustomerCommand = (
  overrides: { name?: string; email?: string; address?: AddressResponse | null } = {},
) => {
  const { name, email, address } = { ...aCustomerResponse(), ...overrides };
  return new RegisterCustomerCommand(name, email, address, 'correct horse battery staple');
};

describe('RegisterCustomerHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CustomersModule] });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clearRecords());

  it('answers the customer with the log position of CustomerRegistered', async () => {
    const address = anAddressResponse();
    const customer = await t.commandBus.execute(
      aRegisterCustomerCommand({ name: 'Grace Hopper', email: 'grace@example.org', address }),
    );

    expect(customer).toEqual({
      id: expect.any(String),
      name: 'Grace Hopper',
      email: 'grace@example.org',
      address,
      position: expect.any(Number),
    });
    const [event] = await t.eventsOf(customer.id);
    expect(customer.position).toBe(event.position);
  });

  it('writes the customer row and appends CustomerRegistered in the same commit', async () => {
    const address = anAddressResponse({ street: '1 Loop Lane', city: 'Arlington' });
    const customer = await t.commandBus.execute(
      aRegisterCustomerCommand({ name: 'Grace', email: 'grace.h@example.org', address }),
    );

    expect(
      await t.sql(
        'SELECT id, name, email, street, city, postal_code, country FROM customers WHERE id = ?',
        [customer.id],
      ),
    ).toEqual([
      {
        id: customer.id,
        name: 'Grace',
        email: 'grace.h@example.org',
        street: '1 Loop Lane',
        city: 'Arlington',
        postal_code: address.postalCode,
        country: address.country,
      },
    ]);
    expect(await t.eventsOf(customer.id)).toEqual([
      expect.objectContaining({
        position: customer.position,
        type: 'CustomerRegistered',
        streamId: customer.id,
        payload: {
          customerId: customer.id,
          name: 'Grace',
          email: 'grace.h@example.org',
          address,
        },
      }),
    ]);
    expect(t.timeline).toEqual(['commit', 'publish CustomerRegistered']);
  });

  it('stores the password only as a salted scrypt hash, and never in the answer or the event', async () => {
    const password = 'correct horse battery staple';
    const first = await t.commandBus.execute(aRegisterCustomerCommand());
    const second = await t.commandBus.execute(aRegisterCustomerCommand());

    const hashes = await t.sql<{ password_hash: string }>(
      'SELECT password_hash FROM customers WHERE id IN (?, ?)',
      [first.id, second.id],
    );
    expect(hashes).toHaveLength(2);
    for (const { password_hash } of hashes) {
      expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
      expect(password_hash).not.toContain(password);
    }
    expect(hashes[0].password_hash).not.toBe(hashes[1].password_hash); // salted
    expect(JSON.stringify(first)).not.toMatch(/password|scrypt/i);
    const [event] = await t.eventsOf(first.id);
    expect(JSON.stringify(event)).not.toMatch(/password|scrypt|correct horse/i);
  });

  it('registers a customer without an address', async () => {
    const customer = await t.commandBus.execute(aRegisterCustomerCommand({ address: null }));

    expect(customer.address).toBeNull();
    expect(
      await t.sql('SELECT street, city, postal_code, country FROM customers WHERE id = ?', [
        customer.id,
      ]),
    ).toEqual([{ street: null, city: null, postal_code: null, country: null }]);
    const [event] = await t.eventsOf(customer.id);
    expect(event.payload).toMatchObject({ address: null });
  });

  it('stores the email lower-cased, in the row, the answer and the event', async () => {
    const customer = await t.commandBus.execute(
      aRegisterCustomerCommand({ email: 'Ada.Lovelace@Example.ORG' }),
    );

    expect(customer.email).toBe('ada.lovelace@example.org');
    expect(await t.sql('SELECT email FROM customers WHERE id = ?', [customer.id])).toEqual([
      { email: 'ada.lovelace@example.org' },
    ]);
    const [event] = await t.eventsOf(customer.id);
    expect(event.payload).toMatchObject({ email: 'ada.lovelace@example.org' });
  });

  it('publishes CustomerRegistered only after the commit, with its position set', async () => {
    const customer = await t.commandBus.execute(aRegisterCustomerCommand());

    expect(t.timeline).toEqual(['commit', 'publish CustomerRegistered']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(CustomerRegisteredEvent);
    expect(t.published[0]).toMatchObject({ streamId: customer.id, position: customer.position });
  });

  it.each([
    ['the same email', 'taken@example.org', 'taken@example.org'],
    ['the same email in other letter case', 'Taken.Case@example.org', 'taken.case@EXAMPLE.org'],
  ])(
    'rejects %s with EmailTakenError, writing no row, no event, publishing nothing',
    async (_case, firstEmail, secondEmail) => {
      await t.commandBus.execute(aRegisterCustomerCommand({ name: 'First', email: firstEmail }));
      const customersBefore = await t.count('customers');
      const logBefore = await t.eventLog();
      t.clearRecords();

      const second = t.commandBus.execute(
        aRegisterCustomerCommand({ name: 'Second', email: secondEmail }),
      );
      await expect(second).rejects.toThrow(EmailTakenError);
      await expect(second).rejects.toThrow('this email is already registered');

      expect(await t.count('customers')).toBe(customersBefore);
      expect(
        await t.sql('SELECT name FROM customers WHERE email = ?', [firstEmail.toLowerCase()]),
      ).toEqual([{ name: 'First' }]);
      expect(await t.eventLog()).toEqual(logBefore);
      expect(t.timeline).toEqual(['rollback']);
      expect(t.published).toEqual([]);
    },
  );
});
