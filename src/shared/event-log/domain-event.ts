import { randomUUID } from 'node:crypto';
import type { IEvent } from '@nestjs/cqrs';

/**
 * Something that happened to one aggregate (its stream). A command records events in its
 * unit of work; they reach the event log in the command's transaction and are published
 * on the EventBus only after it commits. `type` is the stable name stored in the log:
 * renaming the class does not rename the event.
 */
export abstract class DomainEvent<P extends object = object> implements IEvent {
  abstract readonly type: string;
  readonly eventId: string = randomUUID();
  readonly occurredAt: string = new Date().toISOString();
  /** The log position, known once the event has been appended. */
  position: number | undefined;

  constructor(
    readonly streamId: string,
    readonly payload: P,
  ) {}
}
