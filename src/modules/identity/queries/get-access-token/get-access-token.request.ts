import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
} from '../../../../shared/auth/credential-limits.js';
import { MaxCharacters } from '../../../../shared/http/max-characters.js';

/** The body of POST /auth/token. Lengths are checked loosely: a wrong one is just a wrong login. */
export class GetAccessTokenRequest {
  @ApiProperty({ minLength: 1, maxLength: EMAIL_MAX_LENGTH, example: 'ada@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(EMAIL_MAX_LENGTH)
  email: string;

  @ApiProperty({
    format: 'password',
    writeOnly: true,
    minLength: 1,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'correct horse battery staple',
  })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(PASSWORD_MAX_LENGTH)
  password: string;
}
