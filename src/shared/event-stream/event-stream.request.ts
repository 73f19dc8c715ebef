import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInteger } from '../http/to-integer.js';

/** `?after=` of GET /ops/events. */
export class EventStreamRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: 0,
    description:
      'Stream the events after this log position (0: the whole log). A reconnecting EventSource sends `Last-Event-ID` instead, which wins.',
  })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after: number = 0;
}
