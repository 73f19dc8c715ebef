import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { MaxCharacters } from '../../../../shared/http/max-characters.js';

/** The body of POST /auth/token. Lengths are checked loosely: a wrong one is just a wrong login. */
export class GetAccessTokenRequest {
  @ApiProperty({ minLength: 1, maxLength: 254, example: 'ada@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(254)
  email: string;

  @ApiProperty({
    format: 'password',
    writeOnly: true,
    minLength: 1,
    maxLength: 200,
    example: 'correct horse battery staple',
  })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(200)
  password: string;
}
