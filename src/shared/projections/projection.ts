import type { EntityManager } from 'typeorm';
import type { LoggedEvent } from '../event-log/logged-event.js';

/**
 * A read model fed from the event log. `apply` runs inside the transaction that also
 * advances the projection's checkpoint, so each event is applied exactly once: it must
 * write only through `manager`, and throw (never swallow) when it cannot apply an event.
 */
export interface Projection {
  readonly name: string;
  apply(manager: EntityManager, event: LoggedEvent): Promise<void>;
  /** Deletes every row of the view, before a rebuild from position 0. */
  clear(manager: EntityManager): Promise<void>;
}
