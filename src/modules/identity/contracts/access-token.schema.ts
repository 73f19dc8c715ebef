import { ApiProperty } from '@nestjs/swagger';
import type { AccessTokenResponse } from './access-token.response.js';

/** AccessTokenResponse as OpenAPI documents it. */
export class AccessTokenSchema implements AccessTokenResponse {
  @ApiProperty({
    description:
      'A JWT (HS256) with `sub` (customer or staff id) and `role`. Send it as `Authorization: Bearer <accessToken>`.',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI…',
  })
  accessToken: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires.', example: 3600 })
  expiresIn: number;
}
