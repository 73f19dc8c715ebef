import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import {
  CUSTOMER_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../domain/customer-fields.js';
import { AddressRequest } from '../address.request.js';
import { MaxCharacters, MinCharacters } from '../../../../shared/http/max-characters.js';

export class RegisterCustomerRequest {
  @ApiProperty({ minLength: 1, maxLength: CUSTOMER_NAME_MAX_LENGTH, example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(CUSTOMER_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    description:
      'Unique (case-insensitive). Checked by class-validator `IsEmail` (validator.js `isEmail` ' +
      'with its defaults): `local@domain.tld`, a top-level domain required, no display name ' +
      '(`Ada <ada@example.com>`), no IP address as the domain.',
    example: 'ada@example.com',
  })
  @IsString()
  @MaxCharacters(EMAIL_MAX_LENGTH)
  @IsEmail()
  email: string;

  @ApiProperty({
    format: 'password',
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description:
      'To log in with at POST /auth/token. Stored only as a salted scrypt hash; never returned.',
    example: 'correct horse battery staple',
  })
  @IsString()
  @MinCharacters(PASSWORD_MIN_LENGTH)
  @MaxCharacters(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({ type: AddressRequest })
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest;
}
