import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { MAX_DELAY_MS } from './demo-faults.js';

/** PUT /ops/demo/projector: how slow, and whether broken. */
export class SetProjectorFaultsRequest {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_DELAY_MS,
    description: 'Waited before every batch of the projector (0: full speed).',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_DELAY_MS)
  delayMs: number;

  @ApiProperty({ description: 'Every batch with an event fails until this is set back to false.' })
  @IsBoolean()
  broken: boolean;
}
