import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PasswordHasher } from '../../../../shared/auth/password-hasher.js';
import { isUniqueViolation } from '../../../../shared/database/unique-violation.js';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { StaffEmailTakenError } from '../../contracts/identity.errors.js';
import { StaffAccount } from '../../domain/staff-account.entity.js';
import {
  CreateStaffAccountCommand,
  type StaffAccountCreated,
} from './create-staff-account.command.js';

@CommandHandler(CreateStaffAccountCommand)
export class CreateStaffAccountHandler implements ICommandHandler<CreateStaffAccountCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute({
    email,
    password,
  }: CreateStaffAccountCommand): Promise<WithPosition<StaffAccountCreated>> {
    const passwordHash = await this.passwords.hash(password); // outside the write lock
    return this.unitOfWork.run(async (tx) => {
      const { account, event } = StaffAccount.create({ email, passwordHash });
      await tx.manager.insert(StaffAccount, account).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new StaffEmailTakenError(account.email) : error;
      });
      tx.record(event);
      return { id: account.id, email: account.email };
    });
  }
}
