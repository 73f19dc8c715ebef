import { Type } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH } from '../../domain/customer-fields.js';
import { AddressRequest } from '../address.request.js';

export class RegisterCustomerRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(CUSTOMER_NAME_MAX_LENGTH)
  name: string;

  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @IsEmail()
  email: string;

  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest;
}
