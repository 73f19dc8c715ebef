import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ToLowerCase } from '../../../../shared/http/to-lower-case.js';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY, MIN_QUANTITY } from '../../domain/order-fields.js';

export class PlaceOrderLineRequest {
  @ToLowerCase()
  @IsUUID('all')
  productId: string;

  @IsInt()
  @Min(MIN_QUANTITY)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class PlaceOrderRequest {
  @ToLowerCase()
  @IsUUID('all')
  customerId: string;

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
