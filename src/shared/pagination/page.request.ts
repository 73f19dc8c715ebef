import { IsBase64, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ToInteger } from '../http/to-integer.js';

/** `?limit=&cursor=` of every list endpoint. */
export class PageRequest {
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @IsOptional()
  @MaxLength(1000)
  @IsBase64({ urlSafe: true }, { message: 'cursor must be a cursor returned as nextCursor' })
  cursor?: string;
}
