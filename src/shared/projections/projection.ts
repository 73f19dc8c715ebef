import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { EventClass, LoggedEventOf } from '../event-log/logged-event.js';

/**
 * A projection: the definition of one read view, fed from the event log. It names the
 * events it handles (`handles`); the projection runner reads only those and passes each to
 * `apply`, typed: `switch (event.type)` narrows the payload. The runner's checkpoint still
 * moves past every other event.
 *
 * `apply` runs inside the transaction that also advances the projection's checkpoint, so
 * each event is applied exactly once: it must write only through `manager`, and throw
 * (never swallow) when it cannot apply an event.
 */
export interface Projection<Handles extends EventClass = EventClass> {
  /** The checkpoint's key, and the view's table name by convention: keep it stable. */
  readonly name: string;
  /**
   * Bump it when what the view holds changes (a new column, a changed meaning): at start-up
   * the app then rebuilds the view from the log, once, while readers use the write model.
   */
  readonly version: number;
  /** The event classes it applies, e.g. `[OrderPlacedEvent, OrderCancelledEvent]`. */
  readonly handles: readonly Handles[];
  apply(manager: EntityManager, event: LoggedEventOf<Handles>): Promise<void>;
  /**
   * Optional, for speed: applies two or more events, in log order, exactly as `apply` would one
   * after the other, e.g. with one multi-row statement instead of one per event; same rules
   * as `apply`. The runner uses it for each batch while healthy; after a failure it goes back
   * to one event at a time through `apply`, so the error names the event. Each statement is a
   * round trip, and under load a round trip waits its turn on a busy event loop: one per event
   * doubled the projection lag between two instances (bench/).
   */
  applyAll?(manager: EntityManager, events: readonly LoggedEventOf<Handles>[]): Promise<void>;
  /** Deletes every row of the view, before a rebuild from position 0. */
  clear(manager: EntityManager): Promise<void>;
}

/**
 * Marks a provider that implements `Projection`; the ProjectionRunner finds it by this
 * mark, so adding a projection is one class and one line in its module's providers.
 */
export const Projection = DiscoveryService.createDecorator<void>();
