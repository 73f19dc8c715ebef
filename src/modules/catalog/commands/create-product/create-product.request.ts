import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import {
  PRICE_CENTS_MAX,
  PRODUCT_NAME_MAX_LENGTH,
  SKU_PATTERN,
} from '../../domain/product-fields.js';
import { MaxCharacters } from '../../../../shared/http/max-characters.js';

export class CreateProductRequest {
  @ApiProperty({
    description: 'Unique: 1 to 64 letters, digits, dots, dashes or underscores.',
    minLength: 1,
    maxLength: 64,
    pattern: SKU_PATTERN.source,
    example: 'MUG-001',
  })
  @IsString()
  @Matches(SKU_PATTERN, {
    message:
      'sku must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  sku: string;

  @ApiProperty({ minLength: 1, maxLength: PRODUCT_NAME_MAX_LENGTH, example: 'Coffee mug' })
  @IsString()
  @IsNotEmpty()
  @MaxCharacters(PRODUCT_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: PRICE_CENTS_MAX,
    description: 'Price in cents.',
    example: 1250,
  })
  @IsInt()
  @Min(0)
  @Max(PRICE_CENTS_MAX)
  priceCents: number;
}
