import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import {
  CITY_MAX_LENGTH,
  COUNTRY_MAX_LENGTH,
  POSTAL_CODE_MAX_LENGTH,
  STREET_MAX_LENGTH,
} from '../domain/customer-fields.js';
import { MaxCharacters } from '../../../shared/http/max-characters.js';

/** A postal address, as both RegisterCustomer and ChangeCustomerAddress take it. */
export class AddressRequest {
  @ApiProperty({ minLength: 1, maxLength: STREET_MAX_LENGTH, example: '1 Main Street' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(STREET_MAX_LENGTH)
  street: string;

  @ApiProperty({ minLength: 1, maxLength: CITY_MAX_LENGTH, example: 'Springfield' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(CITY_MAX_LENGTH)
  city: string;

  @ApiProperty({ minLength: 1, maxLength: POSTAL_CODE_MAX_LENGTH, example: '12345' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(POSTAL_CODE_MAX_LENGTH)
  postalCode: string;

  @ApiProperty({ minLength: 1, maxLength: COUNTRY_MAX_LENGTH, example: 'US' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(COUNTRY_MAX_LENGTH)
  country: string;
}
