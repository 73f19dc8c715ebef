import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { PRICE_CENTS_MAX } from '../../domain/product-fields.js';

export class ChangeProductPriceRequest {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: PRICE_CENTS_MAX,
    description: 'The new price, in cents.',
    example: 1490,
  })
  @IsInt()
  @Min(0)
  @Max(PRICE_CENTS_MAX)
  priceCents: number;
}
