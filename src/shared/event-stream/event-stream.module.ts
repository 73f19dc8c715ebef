import { Module } from '@nestjs/common';
import { EventStreamController } from './event-stream.controller.js';
import { EventStream } from './event-stream.js';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, KEEP_ALIVE_INTERVAL_MS } from './keep-alive-interval.js';

/** GET /ops/events: the event log as Server-Sent Events. */
@Module({
  controllers: [EventStreamController],
  providers: [
    EventStream,
    { provide: KEEP_ALIVE_INTERVAL_MS, useValue: DEFAULT_KEEP_ALIVE_INTERVAL_MS },
  ],
})
export class EventStreamModule {}
