import type { LoggedEvent } from '../event-log/logged-event.js';

/** The Nest token of the optional ProjectionFaults provider (only the demo registers one). */
export const PROJECTION_FAULTS = Symbol('ProjectionFaults');

/**
 * Faults injected on purpose, to show the read side lagging and failing (DEMO=true only):
 * the runner consults them once per batch, and without a provider it does nothing extra.
 */
export interface ProjectionFaults {
  /**
   * Before a batch's transaction (a slow projector waits here): outside it, so commands
   * never wait for the delay.
   */
  beforeBatch(projection: string): Promise<void>;
  /**
   * Inside the transaction, with the events it read: a throw fails the batch, which rolls
   * back whole, exactly like a projection that cannot apply an event.
   */
  beforeApply(projection: string, events: readonly LoggedEvent[]): void;
}
