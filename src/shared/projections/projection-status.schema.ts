import { ApiProperty } from '@nestjs/swagger';
import type { ProjectionStatus, ReadDatabaseStatus } from './projection-status.js';

/** ReadDatabaseStatus as OpenAPI documents it. */
export class ReadDatabaseStatusSchema implements ReadDatabaseStatus {
  @ApiProperty({
    type: 'integer',
    description: "The projection's checkpoint on the read database: what its view answers reflect.",
  })
  position: number;

  @ApiProperty({ type: 'integer', description: 'Newest event log position on the read database.' })
  headPosition: number;

  @ApiProperty({
    type: 'integer',
    description: 'Events the primary has and the read database lacks (0 without a replica).',
  })
  lag: number;

  @ApiProperty({
    type: 'integer',
    description:
      'Age in ms, by the primary, of the oldest event the read database lacks (0 when caught up).',
  })
  lagMs: number;
}

/** ProjectionStatus as OpenAPI documents it (GET /ops/projections). */
export class ProjectionStatusSchema implements ProjectionStatus {
  @ApiProperty({ example: 'order_list_by_customer' })
  name: string;

  @ApiProperty({
    type: 'integer',
    description: 'Last event position applied to the view, on the primary.',
  })
  position: number;

  @ApiProperty({
    type: 'integer',
    description: 'Newest position in the event log, on the primary.',
  })
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

  @ApiProperty({
    type: ReadDatabaseStatusSchema,
    description:
      'What queries read: the read database (the replica at DATABASE_READ_URL, else the primary itself) and how far behind the primary it is.',
  })
  readDatabase: ReadDatabaseStatusSchema;
}
