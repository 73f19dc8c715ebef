import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PasswordHasher } from '../../../../shared/auth/password-hasher.js';
import { isUniqueViolation } from '../../../../shared/database/unique-violation.js';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { EmailTakenError } from '../../contracts/customer.errors.js';
import type { CustomerResponse } from '../../contracts/customer.response.js';
import { Customer } from '../../domain/customer.entity.js';
import { RegisterCustomerCommand } from './register-customer.command.js';

@CommandHandler(RegisterCustomerCommand)
export class RegisterCustomerHandler implements ICommandHandler<RegisterCustomerCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute({
    name,
    email,
    address,
    password,
    idempotency,
  }: RegisterCustomerCommand): Promise<WithPosition<CustomerResponse>> {
    // Hashed before the transaction: scrypt takes tens of milliseconds, and on SQLite the
    // transaction holds the only write lock.
    const passwordHash = await this.passwords.hash(password);
    return this.unitOfWork.run(async (tx) => {
      const { customer, event } = Customer.register({ name, email, address, passwordHash });
      // The UNIQUE index decides, not a prior SELECT: two racing requests cannot both win.
      await tx.manager.insert(Customer, customer).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new EmailTakenError() : error;
      });
      tx.record(event);
      return (await tx.manager.findOneByOrFail(Customer, { id: customer.id })).toResponse();
    }, idempotency);
  }
}
