import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeCustomerAddressHandler } from './commands/change-customer-address/change-customer-address.handler.js';
import { RegisterCustomerHandler } from './commands/register-customer/register-customer.handler.js';
import { CustomersController } from './customers.controller.js';
import { Customer } from './domain/customer.entity.js';
import { GetCustomerByCredentialsHandler } from './queries/get-customer-by-credentials/get-customer-by-credentials.handler.js';
import { GetCustomerHandler } from './queries/get-customer/get-customer.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Customer])],
  controllers: [CustomersController],
  providers: [
    // commands
    RegisterCustomerHandler,
    ChangeCustomerAddressHandler,
    // queries
    GetCustomerHandler,
    GetCustomerByCredentialsHandler,
  ],
})
export class CustomersModule {}
