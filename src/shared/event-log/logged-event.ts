import type { DomainEvent } from './domain-event.js';

/**
 * An event as read back from the log. `LoggedEvent<'OrderPlaced', OrderPlacedPayload>` is one
 * type of event; a union of them (LoggedEventOf) is discriminated by `type`, so a
 * `switch (event.type)` narrows `payload` with no cast.
 */
export interface LoggedEvent<T extends string = string, P = unknown> {
  position: number;
  type: T;
  streamId: string;
  payload: P;
  occurredAt: string;
  /** The request that caused it, if any. */
  correlationId: string | null;
}

/** An event class: its stable `type` is a static member, its payload the constructor's. */
export interface EventClass {
  readonly type: string;
  new (...args: never[]): DomainEvent;
}

/**
 * The logged form of one or several event classes, e.g.
 * `LoggedEventOf<typeof OrderPlacedEvent | typeof OrderCancelledEvent>`: one member per
 * class, each with its literal `type` and its payload.
 */
export type LoggedEventOf<C extends EventClass> = C extends EventClass
  ? LoggedEvent<C['type'], InstanceType<C>['payload']>
  : never;
