import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { AddressRequest } from './commands/address.request.js';
import { ChangeCustomerAddressCommand } from './commands/change-customer-address/change-customer-address.command.js';
import { RegisterCustomerCommand } from './commands/register-customer/register-customer.command.js';
import { RegisterCustomerRequest } from './commands/register-customer/register-customer.request.js';
import { GetCustomerQuery } from './contracts/get-customer.query.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  register(
    @Body() { name, email, address }: RegisterCustomerRequest,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    const addressOrNull = address ? { ...address } : null;
    return this.commandBus.execute(
      new RegisterCustomerCommand(name, email, addressOrNull, idempotency),
    );
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetCustomerQuery(id));
  }

  @Put(':id/address')
  changeAddress(
    @Param('id', ParseIdPipe) id: string,
    @Body() { street, city, postalCode, country }: AddressRequest,
  ) {
    return this.commandBus.execute(
      new ChangeCustomerAddressCommand(id, { street, city, postalCode, country }),
    );
  }
}
