import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import type { DomainEvent } from '../event-log/domain-event.js';
import { EventLog } from '../event-log/event-log.js';
import type { WithPosition } from '../event-log/with-position.js';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { IdempotencyRequest } from '../idempotency/idempotency-request.js';
import { ReadTarget } from './read-target.js';
import { Transaction } from './transaction.js';
import { WriteQueue } from './write-queue.js';

type Outcome<T> = { answer: WithPosition<T>; events: readonly DomainEvent[] };

/**
 * The write side's one way to change data: a database transaction that also appends the
 * recorded events to the event log, so the change and its events commit or vanish together.
 * Events are published on the in-process EventBus only after the commit: a subscriber never
 * hears about something that was rolled back, and one that misses an event can read the log.
 *
 * With an Idempotency-Key, the answer is stored in the same transaction: a retry finds it
 * and gets it back without running the work again.
 *
 * Everything the work reads to decide comes from this transaction, on the primary: its own
 * reads through `tx.manager`, and the public queries of other modules it sends on the
 * QueryBus, whose ReadDatabase reads go to this transaction too (ReadTarget, ADR 0009).
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly writeQueue: WriteQueue,
    private readonly eventLog: EventLog,
    private readonly eventBus: EventBus,
    private readonly idempotency: IdempotencyStore,
    private readonly requestContext: ClsService,
    private readonly readTarget: ReadTarget,
  ) {}

  /**
   * Runs `work` in one transaction and answers its value (plain JSON data) with the log
   * position of the last event it recorded. Every command records at least one event.
   */
  async run<T extends object>(
    work: (tx: Transaction) => Promise<T>,
    idempotency?: IdempotencyRequest,
  ): Promise<WithPosition<T>> {
    const outcome = await this.attempt(work, idempotency);
    this.eventBus.publishAll([...outcome.events]);
    return outcome.answer;
  }

  private attempt<T extends object>(
    work: (tx: Transaction) => Promise<T>,
    idempotency: IdempotencyRequest | undefined,
  ): Promise<Outcome<T>> {
    // Read here, in the command's own context: the queue may run the transaction from another.
    const requestId = this.requestContext.isActive() ? this.requestContext.getId() : null;
    return this.writeQueue.transaction(async (manager) => {
      if (idempotency) {
        await this.idempotency.lock(manager, idempotency);
        const stored = await this.idempotency.find<WithPosition<T>>(manager, idempotency);
        if (stored) return { answer: stored, events: [] };
      }
      const tx = new Transaction(manager);
      const value = await this.readTarget.inTransaction(manager, () => work(tx));
      const position = await this.eventLog.append(manager, tx.recordedEvents, requestId);
      if (position === null) throw new Error('a command must record at least one event');
      const answer = { ...value, position };
      if (idempotency) await this.idempotency.save(manager, idempotency, answer);
      return { answer, events: tx.recordedEvents };
    });
  }
}
