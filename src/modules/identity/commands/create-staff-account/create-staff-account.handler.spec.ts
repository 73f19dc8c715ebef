import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { StaffEmailTakenError } from '../../contracts/identity.errors.js';
import { IdentityModule } from '../../identity.module.js';
import { CreateStaffAccountCommand } from './create-staff-account.command.js';

describe('CreateStaffAccountHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [IdentityModule] });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clearRecords());

  it('stores the account with a scrypt hash, and appends StaffAccountCreated without it', async () => {
    const staff = await t.commandBus.execute(
      new CreateStaffAccountCommand('Grace@Example.org', 'staff password'),
    );

    expect(staff).toEqual({
      id: expect.any(String),
      email: 'grace@example.org',
      position: expect.any(Number),
    });
    const [row] = await t.sql<{ email: string; password_hash: string }>(
      'SELECT email, password_hash FROM identity_staff_accounts WHERE id = ?',
      [staff.id],
    );
    expect(row.email).toBe('grace@example.org');
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const [event] = await t.eventsOf(staff.id);
    expect(event).toMatchObject({
      type: 'StaffAccountCreated',
      payload: { staffId: staff.id, email: 'grace@example.org' },
    });
    expect(JSON.stringify(event)).not.toMatch(/scrypt|staff password/);
    expect(t.timeline).toEqual(['commit', 'publish StaffAccountCreated']);
  });

  it('refuses a taken email (any letter case) and writes nothing', async () => {
    await t.commandBus.execute(new CreateStaffAccountCommand('taken@example.org', 'password-1'));
    const before = await t.count('identity_staff_accounts');
    t.clearRecords();

    await expect(
      t.commandBus.execute(new CreateStaffAccountCommand('TAKEN@example.org', 'password-2')),
    ).rejects.toThrow(StaffEmailTakenError);
    expect(await t.count('identity_staff_accounts')).toBe(before);
    expect(t.timeline).toEqual(['rollback']);
  });
});
