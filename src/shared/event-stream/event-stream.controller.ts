import {
  BadRequestException,
  Controller,
  Headers,
  Inject,
  type MessageEvent,
  Query,
  Sse,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  endWith,
  ignoreElements,
  interval,
  map,
  merge,
  type Observable,
  share,
  takeUntil,
} from 'rxjs';
import { Access } from '../auth/access.decorator.js';
import { ErrorResponseSchema } from '../http/error-response.schema.js';
import { ApiRateLimited, ApiUnavailable } from '../http/openapi.decorators.js';
import { EventStreamRequest } from './event-stream.request.js';
import { EventStream } from './event-stream.js';
import { KEEP_ALIVE_INTERVAL_MS } from './keep-alive-interval.js';

const LAST_EVENT_ID = /^\d{1,16}$/;

/** The event log, live, for any tool that speaks Server-Sent Events (the demo page is one). */
@ApiTags('operations')
@ApiRateLimited()
@ApiUnavailable()
@Controller('ops/events')
export class EventStreamController {
  constructor(
    private readonly stream: EventStream,
    @Inject(KEEP_ALIVE_INTERVAL_MS) private readonly keepAliveMs: number,
  ) {}

  @Sse()
  @Access('staff')
  @ApiOperation({
    summary: 'The event log as Server-Sent Events, from a position on, live',
    description:
      'Sends every event after `after` (or `Last-Event-ID`), oldest first, then each new one as it commits; the stream stays open. Each message has `id` = the event position and `data` = `{ position, type, streamId, payload, occurredAt, correlationId }` (`correlationId` is the X-Request-Id of the request that caused it). Every 15 s the stream also sends a comment line, `: keep-alive`, so that proxies do not close it while the log is quiet; EventSource ignores it.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this position (sent by a reconnecting EventSource).',
    schema: { type: 'string', pattern: '^\\d{1,16}$' },
  })
  @ApiOkResponse({
    description: 'A stream of events (`text/event-stream`), one message per event.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: '`after` or `Last-Event-ID` is not an integer from 0.',
    type: ErrorResponseSchema,
  })
  events(
    @Query() request: EventStreamRequest,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<MessageEvent> {
    if (lastEventId !== undefined && !LAST_EVENT_ID.test(lastEventId)) {
      throw new BadRequestException([
        'Last-Event-ID must be an event position (an integer from 0)',
      ]);
    }
    const after = lastEventId === undefined ? request.after : Number(lastEventId);
    // One message per event: `id` is its position, `data` the event as JSON.
    const events = this.stream.after(after).pipe(
      map((event) => ({ id: String(event.position), data: event })),
      share(),
    );
    // Ends with the events (the app stopping ends them), or the stream would never close.
    const eventsEnded = events.pipe(ignoreElements(), endWith(true));
    const keepAlive = interval(this.keepAliveMs).pipe(
      map(() => ({ comment: 'keep-alive' })),
      takeUntil(eventsEnded),
    );
    return merge(events, keepAlive);
  }
}
