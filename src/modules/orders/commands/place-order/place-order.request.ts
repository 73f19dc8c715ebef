import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ToLowerCase } from '../../../../shared/http/to-lower-case.js';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY, MIN_QUANTITY } from '../../domain/order-fields.js';

export class PlaceOrderLineRequest {
  @ApiProperty({ format: 'uuid', example: '3f0c8a52-5f4e-4a8e-9a3c-0d6f2b1e7c41' })
  @ToLowerCase()
  @IsUUID('all')
  productId: string;

  @ApiProperty({ type: 'integer', minimum: MIN_QUANTITY, maximum: MAX_QUANTITY, example: 2 })
  @IsInt()
  @Min(MIN_QUANTITY)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class PlaceOrderRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '9b2d7c1e-2f4a-4c6b-8e3d-5a1f0b9c8d72',
    description:
      'Whose order. A customer may leave it out (or name itself: another customer is 403); staff must give it.',
  })
  @IsOptional()
  @ToLowerCase()
  @IsUUID('all')
  customerId?: string;

  @ApiProperty({
    type: [PlaceOrderLineRequest],
    minItems: 1,
    maxItems: MAX_LINES_PER_ORDER,
    description: 'The products and quantities; names and prices come from the catalog.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'lines must contain at least 1 line' })
  @ArrayMaxSize(MAX_LINES_PER_ORDER, {
    message: `lines must contain at most ${MAX_LINES_PER_ORDER} lines`,
  })
  @IsObject({ each: true, message: 'each of lines must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PlaceOrderLineRequest)
  lines: PlaceOrderLineRequest[];
}
