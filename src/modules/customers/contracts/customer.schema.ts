import { ApiProperty } from '@nestjs/swagger';
import type { WithPosition } from '../../../shared/event-log/with-position.js';
import type { AddressResponse, CustomerResponse } from './customer.response.js';

/** AddressResponse as OpenAPI documents it. */
export class AddressSchema implements AddressResponse {
  @ApiProperty({ example: '1 Main Street' })
  street: string;

  @ApiProperty({ example: 'Springfield' })
  city: string;

  @ApiProperty({ example: '12345' })
  postalCode: string;

  @ApiProperty({ example: 'US' })
  country: string;
}

/** CustomerResponse as OpenAPI documents it (the interface stays the type the code uses). */
export class CustomerSchema implements CustomerResponse {
  @ApiProperty({ format: 'uuid', example: '9b2d7c1e-2f4a-4c6b-8e3d-5a1f0b9c8d72' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ type: AddressSchema, nullable: true, description: 'null when none was given.' })
  address: AddressSchema | null;
}

/** What a customers command answers: the customer, plus the log position of its event. */
export class CustomerWithPositionSchema
  extends CustomerSchema
  implements WithPosition<CustomerResponse>
{
  @ApiProperty({
    type: 'integer',
    description:
      "Log position of the command's event: pass it as `minPosition` to a read-view query to read your own write.",
    example: 42,
  })
  position: number;
}
