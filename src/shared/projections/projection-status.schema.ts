import { ApiProperty } from '@nestjs/swagger';
import type { ProjectionStatus } from './projection-status.js';

/** ProjectionStatus as OpenAPI documents it (GET /ops/projections). */
export class ProjectionStatusSchema implements ProjectionStatus {
  @ApiProperty({ example: 'order_list_by_customer' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Last event position applied to the view.' })
  position: number;

  @ApiProperty({ type: 'integer', description: 'Newest position in the event log.' })
  headPosition: number;

  @ApiProperty({ type: 'integer', description: 'Events not applied yet.' })
  lag: number;

  @ApiProperty({
    type: 'integer',
    description: 'Age in ms of the oldest event not applied yet (0 when caught up).',
  })
  lagMs: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why applying is stuck, if it is.' })
  lastError: string | null;

  @ApiProperty({ description: 'True while a rebuild refills the view.' })
  rebuilding: boolean;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
