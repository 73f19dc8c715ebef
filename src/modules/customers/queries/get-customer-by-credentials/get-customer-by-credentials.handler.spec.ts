import { median } from '../../../../../test/support/builders.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { RegisterCustomerCommand } from '../../commands/register-customer/register-customer.command.js';
import { GetCustomerByCredentialsQuery } from '../../contracts/get-customer-by-credentials.query.js';
import { CustomersModule } from '../../customers.module.js';

describe('GetCustomerByCredentialsHandler', () => {
  let t: HandlerTestModule;
  let customerId: string;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CustomersModule] });
    ({ id: customerId } = await t.commandBus.execute(
      new RegisterCustomerCommand('Ada', 'Ada.Creds@example.org', null, 'the right password'),
    ));
  });
  afterAll(() => t.close());

  const ask = (email: string, password: string) =>
    t.queryBus.execute(new GetCustomerByCredentialsQuery(email, password));

  it('answers the customer for its email (any letter case) and password', async () => {
    await expect(ask('ada.creds@example.org', 'the right password')).resolves.toEqual({
      customerId,
    });
    await expect(ask('ADA.CREDS@example.org', 'the right password')).resolves.toEqual({
      customerId,
    });
  });

  it('answers null for a wrong password, an unknown email, and a customer without a password', async () => {
    await expect(ask('ada.creds@example.org', 'the wrong password')).resolves.toBeNull();
    await expect(ask('nobody@example.org', 'the right password')).resolves.toBeNull();
    const { id } = await t.commandBus.execute(
      new RegisterCustomerCommand('Old', 'old.customer@example.org', null, 'whatever-1'),
    );
    await t.sql('UPDATE customers SET password_hash = NULL WHERE id = ?', [id]);
    await expect(ask('old.customer@example.org', 'whatever-1')).resolves.toBeNull();
  });

  it('spends about the same time on an unknown email as on a wrong password', async () => {
    // Interleaved, so a machine busy with other tests slows both alike; the median of the
    // ratios round by round, so one pause (GC, another process) on one call cannot decide it.
    const attempt = async (email: string) => {
      const started = performance.now();
      await ask(email, 'the wrong password');
      return performance.now() - started;
    };
    await attempt('nobody@example.org'); // warms the dummy hash up
    const ratios: number[] = [];
    for (let i = 0; i < 7; i++) {
      const known = await attempt('ada.creds@example.org');
      ratios.push((await attempt('nobody@example.org')) / known);
    }
    // A missing dummy hash would make the unknown email tens of times faster.
    expect(median(ratios)).toBeGreaterThan(0.5);
    expect(median(ratios)).toBeLessThan(2);
  });
});
