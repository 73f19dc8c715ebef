import { Query } from '@nestjs/cqrs';
import type { AccessTokenResponse } from '../../contracts/access-token.response.js';

/** Logging in: an access token for these credentials, or InvalidCredentialsError. */
export class GetAccessTokenQuery extends Query<AccessTokenResponse> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
