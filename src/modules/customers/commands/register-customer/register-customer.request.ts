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
import { CUSTOMER_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH } from '../../domain/customer-fields.js';
import { AddressRequest } from '../address.request.js';
import { MaxCharacters } from '../../../../shared/http/max-characters.js';

export class RegisterCustomerRequest {
  @ApiProperty({ minLength: 1, maxLength: CUSTOMER_NAME_MAX_LENGTH, example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(CUSTOMER_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    description: 'Unique (case-insensitive).',
    example: 'ada@example.com',
  })
  @IsString()
  @MaxCharacters(EMAIL_MAX_LENGTH)
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ type: AddressRequest })
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest;
}
