import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the append-only event log (the transactional outbox). */
@Entity('event_log')
export class EventLogEntry {
  @PrimaryGeneratedColumn({ name: 'position' })
  position: number;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ name: 'stream_id', type: 'varchar', length: 36 })
  streamId: string;

  /** The event's payload as JSON text (text, not json/jsonb, so both databases read it alike). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'occurred_at', type: 'varchar', length: 24 })
  occurredAt: string;

  /** The id of the request that caused the event (its X-Request-Id), when there was one. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId: string | null;
}
