import { ApiProperty } from '@nestjs/swagger';

class ProjectorFaultsSchema {
  @ApiProperty({ type: 'integer' }) delayMs: number;
  @ApiProperty() broken: boolean;
  @ApiProperty({ type: 'integer', description: 'Batches failed since it was last broken.' })
  failedAttempts: number;
  @ApiProperty({
    type: 'integer',
    isArray: true,
    description: 'The waits between the last failed attempts, in ms: the backoff.',
  })
  retryIntervalsMs: number[];
}

class RebuildStateSchema {
  @ApiProperty() running: boolean;
  @ApiProperty({ type: 'integer', description: 'Events applied to the view so far.' })
  applied: number;
  @ApiProperty({ type: 'integer', description: "The log's length when the rebuild started." })
  total: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

/** GET /ops/demo: the lesson controls and the configuration the page shows. */
export class DemoStateSchema {
  @ApiProperty({
    description:
      'READ_VIEW: true, queries read the view (level 2); false, the write tables (level 1).',
  })
  readView: boolean;

  @ApiProperty({ type: 'integer', description: 'READ_WAIT_MS: the longest wait for minPosition.' })
  readWaitMs: number;

  @ApiProperty({ type: ProjectorFaultsSchema }) projector: ProjectorFaultsSchema;

  @ApiProperty({
    type: RebuildStateSchema,
    nullable: true,
    description: 'The last rebuild, if any.',
  })
  rebuild: RebuildStateSchema | null;
}
