import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { CustomerNotFoundError } from '../../contracts/customer.errors.js';
import type { CustomerResponse } from '../../contracts/customer.response.js';
import { Customer } from '../../domain/customer.entity.js';
import { ChangeCustomerAddressCommand } from './change-customer-address.command.js';

@CommandHandler(ChangeCustomerAddressCommand)
export class ChangeCustomerAddressHandler implements ICommandHandler<ChangeCustomerAddressCommand> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute({
    customerId,
    address,
  }: ChangeCustomerAddressCommand): Promise<WithPosition<CustomerResponse>> {
    return this.unitOfWork.run(async (tx) => {
      const customer = await tx.manager.findOneBy(Customer, { id: customerId });
      if (!customer) throw new CustomerNotFoundError(customerId);
      tx.record(customer.changeAddress(address));
      await tx.manager.update(
        Customer,
        { id: customerId },
        {
          street: customer.street,
          city: customer.city,
          postalCode: customer.postalCode,
          country: customer.country,
        },
      );
      return (await tx.manager.findOneByOrFail(Customer, { id: customerId })).toResponse();
    });
  }
}
