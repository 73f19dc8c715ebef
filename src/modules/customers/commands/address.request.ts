import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import {
  CITY_MAX_LENGTH,
  COUNTRY_MAX_LENGTH,
  POSTAL_CODE_MAX_LENGTH,
  STREET_MAX_LENGTH,
} from '../domain/customer-fields.js';

/** A postal address, as both RegisterCustomer and ChangeCustomerAddress take it. */
export class AddressRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(STREET_MAX_LENGTH)
  street: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(CITY_MAX_LENGTH)
  city: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(POSTAL_CODE_MAX_LENGTH)
  postalCode: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(COUNTRY_MAX_LENGTH)
  country: string;
}
