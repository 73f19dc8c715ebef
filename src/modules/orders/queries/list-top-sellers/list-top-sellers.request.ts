import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInteger } from '../../../../shared/http/to-integer.js';
import { MinPositionRequest } from '../../../../shared/projections/min-position.request.js';

/** `?limit=&minPosition=` of GET /products/top-sellers. */
export class ListTopSellersRequest extends MinPositionRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    default: 10,
    description: 'How many products.',
  })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 10;
}
