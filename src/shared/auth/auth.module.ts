import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessGuard } from './access.guard.js';
import { AccessTokenService } from './access-token.service.js';
import { PasswordHasher } from './password-hasher.js';
import { StaffAccounts } from './staff-accounts.js';

/**
 * Authentication glue that knows no module: password hashing, access tokens, and the guard
 * that enforces each route's `@Access(...)` (AppModule registers it as APP_GUARD).
 */
@Global()
@Module({
  imports: [JwtModule.register({})], // the key and algorithm are passed on every call
  providers: [PasswordHasher, AccessTokenService, AccessGuard, StaffAccounts],
  exports: [PasswordHasher, AccessTokenService, AccessGuard],
})
export class AuthModule {}
