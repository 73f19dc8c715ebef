/** One projection as GET /ops/projections reports it. */
export interface ProjectionStatus {
  name: string;
  /** Last event position applied to the view (the checkpoint). */
  position: number;
  /** Newest position in the event log. */
  headPosition: number;
  /** Events not applied yet. */
  lag: number;
  /** Age in ms of the oldest event not applied yet (0 when caught up). */
  lagMs: number;
  lastError: string | null;
  /** True while a rebuild refills the view; readers use the write model meanwhile. */
  rebuilding: boolean;
  updatedAt: string;
}
