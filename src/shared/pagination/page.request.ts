import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MaxCharacters } from '../http/max-characters.js';
import { ToInteger } from '../http/to-integer.js';

/** `?limit=&cursor=` of every list endpoint. */
export class PageRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    default: 20,
    description: 'Items per page.',
  })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'Opaque: the `nextCursor` of the previous page.',
  })
  @IsOptional()
  @MaxCharacters(1000)
  @IsBase64({ urlSafe: true }, { message: 'cursor must be a cursor returned as nextCursor' })
  cursor?: string;
}
