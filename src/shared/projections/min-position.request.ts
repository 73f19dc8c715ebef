import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInteger } from '../http/to-integer.js';

/** `?minPosition=` of every query backed by a read view (see ViewOrWriteModel). */
export class MinPositionRequest {
  /** The `position` a command answered: the answer will include that command's effect. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description:
      "The `position` a command answered: the answer includes that command's effect (waiting up to READ_WAIT_MS for the read view, then reading the write model on the primary).",
  })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}
