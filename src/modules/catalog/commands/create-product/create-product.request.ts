import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  PRICE_CENTS_MAX,
  PRODUCT_NAME_MAX_LENGTH,
  SKU_PATTERN,
} from '../../domain/product-fields.js';

export class CreateProductRequest {
  @IsString()
  @Matches(SKU_PATTERN, {
    message:
      'sku must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  sku: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PRODUCT_NAME_MAX_LENGTH)
  name: string;

  @IsInt()
  @Min(0)
  @Max(PRICE_CENTS_MAX)
  priceCents: number;
}
