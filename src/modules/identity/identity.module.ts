import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateStaffAccountHandler } from './commands/create-staff-account/create-staff-account.handler.js';
import { StaffAccount } from './domain/staff-account.entity.js';
import { IdentityController } from './identity.controller.js';
import { GetAccessTokenHandler } from './queries/get-access-token/get-access-token.handler.js';
import { StaffAccountExistsHandler } from './queries/staff-account-exists/staff-account-exists.handler.js';

/** Staff accounts and logging in (POST /auth/token). Customers' passwords stay in customers. */
@Module({
  imports: [TypeOrmModule.forFeature([StaffAccount])],
  controllers: [IdentityController],
  providers: [
    // commands
    CreateStaffAccountHandler,
    // queries
    GetAccessTokenHandler,
    StaffAccountExistsHandler,
  ],
})
export class IdentityModule {}
