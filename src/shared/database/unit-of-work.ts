import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventLog } from '../event-log/event-log.js';
import { Transaction } from './transaction.js';
import { WriteQueue } from './write-queue.js';

export interface Committed<T> {
  value: T;
  /** Log position of the last event the work recorded (null if it recorded none). */
  position: number | null;
}

/**
 * The write side's one way to change data: a database transaction that also appends the
 * recorded events to the event log, so the change and its events commit or vanish together.
 * Events are published on the in-process EventBus only after the commit: a subscriber never
 * hears about something that was rolled back, and one that misses an event can read the log.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writeQueue: WriteQueue,
    private readonly eventLog: EventLog,
    private readonly eventBus: EventBus,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<Committed<T>> {
    const { value, position, events } = await this.writeQueue.run(() =>
      this.dataSource.transaction(async (manager) => {
        const tx = new Transaction(manager);
        const value = await work(tx);
        const position = await this.eventLog.append(manager, tx.recordedEvents);
        return { value, position, events: tx.recordedEvents };
      }),
    );
    this.eventBus.publishAll([...events]);
    return { value, position };
  }
}
