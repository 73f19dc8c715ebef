import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Access } from '../../shared/auth/access.decorator.js';
import { AuthRateLimited } from '../../shared/auth/auth-rate-limit.js';
import { ErrorResponseSchema } from '../../shared/http/error-response.schema.js';
import {
  ApiJsonBodyErrors,
  ApiRateLimited,
  ApiUnavailable,
} from '../../shared/http/openapi.decorators.js';
import { AccessTokenSchema } from './contracts/access-token.schema.js';
import { GetAccessTokenQuery } from './queries/get-access-token/get-access-token.query.js';
import { GetAccessTokenRequest } from './queries/get-access-token/get-access-token.request.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@ApiTags('auth')
@ApiRateLimited()
@ApiUnavailable()
@Controller('auth')
export class IdentityController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('token')
  @Access('public')
  @AuthRateLimited()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in: an access token for an email and password (customer or staff)',
    description:
      'Send the token as `Authorization: Bearer <accessToken>`. A wrong email and a wrong ' +
      'password get the same 401, in the same time. Limited per client address and per ' +
      'email (429 with Retry-After).',
  })
  @ApiJsonBodyErrors()
  @ApiOkResponse({ description: 'The access token.', type: AccessTokenSchema })
  @ApiBadRequestResponse({
    description: 'The body is invalid or has unknown fields.',
    type: ErrorResponseSchema,
  })
  @ApiUnauthorizedResponse({
    description: 'The email and password do not match an account.',
    type: ErrorResponseSchema,
  })
  token(@Body() { email, password }: GetAccessTokenRequest) {
    return this.queryBus.execute(new GetAccessTokenQuery(email, password));
  }
}
