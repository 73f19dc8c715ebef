import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../../shared/auth/access.decorator.js';
import { AuthRateLimited } from '../../shared/auth/auth-rate-limit.js';
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import { ApiIdempotencyKey } from '../../shared/idempotency/idempotency-key.openapi.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ErrorResponseSchema } from '../../shared/http/error-response.schema.js';
import {
  ApiIdParam,
  ApiJsonBodyErrors,
  ApiRateLimited,
  ApiUnavailable,
} from '../../shared/http/openapi.decorators.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { AddressRequest } from './commands/address.request.js';
import { ChangeCustomerAddressCommand } from './commands/change-customer-address/change-customer-address.command.js';
import { RegisterCustomerCommand } from './commands/register-customer/register-customer.command.js';
import { RegisterCustomerRequest } from './commands/register-customer/register-customer.request.js';
import { CustomerSchema, CustomerWithPositionSchema } from './contracts/customer.schema.js';
import { GetCustomerQuery } from './contracts/get-customer.query.js';
import { MAY_LAG_ON_A_REPLICA } from '../../shared/database/read-staleness.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@ApiTags('customers')
@ApiRateLimited()
@ApiUnavailable()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @Access('public')
  @AuthRateLimited()
  @ApiOperation({ summary: 'Register a customer (with the password to log in with)' })
  @ApiIdempotencyKey('anonymous')
  @ApiJsonBodyErrors()
  @ApiCreatedResponse({ description: 'The new customer.', type: CustomerWithPositionSchema })
  @ApiBadRequestResponse({
    description: 'The body is invalid (every failing field is listed) or has unknown fields.',
    type: ErrorResponseSchema,
  })
  @ApiConflictResponse({
    description: 'The email is already registered (the answer does not repeat the address).',
    type: ErrorResponseSchema,
  })
  register(
    @Body() { name, email, address, password }: RegisterCustomerRequest,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    const addressOrNull = address ? { ...address } : null;
    return this.commandBus.execute(
      new RegisterCustomerCommand(name, email, addressOrNull, password, idempotency),
    );
  }

  @Get(':id')
  @Access('customer:self', 'staff')
  @ApiOperation({ summary: 'Get a customer', description: MAY_LAG_ON_A_REPLICA })
  @ApiIdParam('The customer id.')
  @ApiOkResponse({ description: 'The customer.', type: CustomerSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({ description: 'No such customer.', type: ErrorResponseSchema })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetCustomerQuery(id));
  }

  @Put(':id/address')
  @Access('customer:self', 'staff')
  @ApiOperation({ summary: "Change a customer's address" })
  @ApiJsonBodyErrors()
  @ApiIdParam('The customer id.')
  @ApiOkResponse({ description: 'The customer, moved.', type: CustomerWithPositionSchema })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or the body is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such customer.', type: ErrorResponseSchema })
  changeAddress(
    @Param('id', ParseIdPipe) id: string,
    @Body() { street, city, postalCode, country }: AddressRequest,
  ) {
    return this.commandBus.execute(
      new ChangeCustomerAddressCommand(id, { street, city, postalCode, country }),
    );
  }
}
