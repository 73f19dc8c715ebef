import { IsInt, Max, Min } from 'class-validator';
import { PRICE_CENTS_MAX } from '../../domain/product-fields.js';

export class ChangeProductPriceRequest {
  @IsInt()
  @Min(0)
  @Max(PRICE_CENTS_MAX)
  priceCents: number;
}
