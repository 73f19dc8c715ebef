import type { ReplicaLagReading } from '../database/replica-lag.js';

/** One projection as GET /ops/projections reports it. */
export interface ProjectionStatus {
  name: string;
  /** Last event position applied to the view (the checkpoint), on the primary. */
  position: number;
  /** Newest position in the event log, on the primary. */
  headPosition: number;
  /** Events not applied yet. */
  lag: number;
  /** Age in ms of the oldest event not applied yet (0 when caught up). */
  lagMs: number;
  lastError: string | null;
  /** True while a rebuild refills the view; readers use the write model meanwhile. */
  rebuilding: boolean;
  updatedAt: string;
  /** What queries see: the read database (a replica with DATABASE_READ_URL), and how far behind the primary it is. */
  readDatabase: ReadDatabaseStatus;
}

/** The read database as one projection's readers see it. */
export interface ReadDatabaseStatus extends Omit<ReplicaLagReading, 'primaryHeadPosition'> {
  /** The projection's checkpoint there: what its view answers reflect. */
  position: number;
}
