/** An event as read back from the log. */
export interface LoggedEvent {
  position: number;
  type: string;
  streamId: string;
  payload: unknown;
  occurredAt: string;
  /** The request that caused it, if any. */
  correlationId: string | null;
}
