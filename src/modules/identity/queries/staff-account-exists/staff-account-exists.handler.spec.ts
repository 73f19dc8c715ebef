import { randomUUID } from 'node:crypto';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { StaffAccountExistsQuery } from '../../../../shared/auth/staff-account-exists.query.js';
import { CreateStaffAccountCommand } from '../../commands/create-staff-account/create-staff-account.command.js';
import { IdentityModule } from '../../identity.module.js';

describe('StaffAccountExistsHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [IdentityModule] });
  });
  afterAll(() => t.close());

  const exists = (id: string) => t.queryBus.execute(new StaffAccountExistsQuery(id));

  it('answers true for a staff account, false for any other id, and false once it is removed', async () => {
    const { id } = await t.commandBus.execute(
      new CreateStaffAccountCommand('kept@example.org', 'staff password'),
    );

    await expect(exists(id)).resolves.toBe(true);
    await expect(exists(randomUUID())).resolves.toBe(false);
    await t.sql('DELETE FROM identity_staff_accounts WHERE id = ?', [id]);
    await expect(exists(id)).resolves.toBe(false);
  });
});
