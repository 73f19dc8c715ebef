import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../event-log/domain-event.js';

/** What a command handler works with inside its unit of work. */
export class Transaction {
  private readonly events: DomainEvent[] = [];

  constructor(
    /** Bound to the open transaction: every read and write through it is part of it. */
    readonly manager: EntityManager,
  ) {}

  /** Records events to append to the log when the work is done, in this same transaction. */
  record(...events: DomainEvent[]): void {
    this.events.push(...events);
  }

  get recordedEvents(): readonly DomainEvent[] {
    return this.events;
  }
}
