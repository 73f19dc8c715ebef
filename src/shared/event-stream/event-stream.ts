import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { interval, merge, Observable, Subject, takeUntil } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { READ_CONNECTION } from '../database/read-connection.js';
import { EventLog } from '../event-log/event-log.js';
import type { LoggedEvent } from '../event-log/logged-event.js';

/** Events read per query while catching up. */
const PAGE_SIZE = 200;

/**
 * The event log as a live stream: every event after a position, oldest first, then each
 * new one as it commits. Positions commit in order (EventLog.append), so reading strictly
 * after the last one sent never skips an event, and a reconnecting client loses none.
 *
 * Woken by this instance's commits (the EventBus) and polled every PROJECTION_POLL_MS for
 * other instances'. Reads go to the read connection (a replica, when there is one): a
 * staff tool must not load the primary.
 */
@Injectable()
export class EventStream implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventStream.name);
  /** Ends every open stream, so the HTTP server can close. */
  private readonly closing = new Subject<void>();

  constructor(
    @InjectDataSource(READ_CONNECTION) private readonly readConnection: DataSource,
    private readonly eventLog: EventLog,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
  ) {}

  after(position: number): Observable<LoggedEvent> {
    const stream = new Observable<LoggedEvent>((subscriber) => {
      let sent = position;
      let reading = false;
      let wokenAgain = false;
      const readNew = async (): Promise<void> => {
        if (reading) {
          wokenAgain = true;
          return;
        }
        reading = true;
        try {
          do {
            wokenAgain = false;
            let events: LoggedEvent[];
            do {
              events = await this.eventLog.readAfter(this.readConnection.manager, sent, PAGE_SIZE);
              for (const event of events) {
                if (subscriber.closed) return;
                subscriber.next(event);
                sent = event.position;
              }
            } while (events.length === PAGE_SIZE);
          } while (wokenAgain && !subscriber.closed);
        } catch (error) {
          // The database may be away for a moment: the next wake-up or poll tries again.
          this.logger.warn({ err: error }, `event stream: cannot read after ${sent}`);
        } finally {
          reading = false;
        }
      };
      const wakeUps = merge(this.eventBus, interval(this.config.PROJECTION_POLL_MS)).subscribe(
        () => void readNew(),
      );
      void readNew();
      return () => wakeUps.unsubscribe();
    });
    return stream.pipe(takeUntil(this.closing));
  }

  beforeApplicationShutdown(): void {
    this.closing.next();
  }
}
