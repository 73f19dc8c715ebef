import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent } from './domain-event.js';
import { placeholders, plainSql } from '../database/plain-sql.js';
import { EVENT_LOG_CHANNEL, notificationPayload } from './event-log-notification.js';
import type { LoggedEvent } from './logged-event.js';

/** Any constant works; it only has to be the same for every writer of the log. */
const APPEND_LOCK_KEY = 0x65766e74; // "evnt"

@Injectable()
export class EventLog {
  /**
   * Appends events inside the caller's transaction and returns the position of the last one.
   *
   * On PostgreSQL, positions come from a sequence and transactions can commit out of order
   * (A takes 10, B takes 11, B commits first), which would let a reader pass 10 before it
   * exists. A transaction-scoped advisory lock makes appends, and so their commits, happen
   * one at a time in position order; it is taken as the last step of a command, so it is
   * held only for the insert and the commit. SQLite has one writer, so order is given.
   *
   * On PostgreSQL the same statement queues a NOTIFY (see EVENT_LOG_CHANNEL): sent on commit,
   * it wakes the other instances' projection runners. In that statement it costs no round trip.
   */
  async append(
    manager: EntityManager,
    events: readonly DomainEvent[],
    correlationId: string | null = null,
  ): Promise<number | null> {
    if (events.length === 0) return null;
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1), pg_notify($2, $3)', [
        APPEND_LOCK_KEY,
        EVENT_LOG_CHANNEL,
        notificationPayload(),
      ]);
    }
    let position: number | null = null;
    for (const event of events) {
      // Plain SQL with RETURNING (both databases): the query builder's insert cost more
      // than the insert itself on every command (see plainSql).
      const [row] = await plainSql<{ position: number | string }[]>(
        manager,
        `INSERT INTO event_log (event_id, type, stream_id, payload, occurred_at, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING position`,
        [
          event.eventId,
          event.type,
          event.streamId,
          JSON.stringify(event.payload),
          event.occurredAt,
          correlationId,
        ],
      );
      position = Number(row.position);
      event.position = position;
    }
    return position;
  }

  /** The position of the newest event, 0 for an empty log. */
  async head(manager: EntityManager): Promise<number> {
    const [row] = await manager.query<{ head: number | string | null }[]>(
      'SELECT MAX(position) AS head FROM event_log',
    );
    return Number(row?.head ?? 0);
  }

  /** Up to `limit` events after `position`, oldest first. */
  async readAfter(manager: EntityManager, position: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await plainSql<(Omit<LoggedEvent, 'payload'> & { payload: string })[]>(
      manager,
      `SELECT position, type, stream_id AS "streamId", payload, occurred_at AS "occurredAt",
              correlation_id AS "correlationId"
         FROM event_log WHERE position > $1 ORDER BY position LIMIT $2`,
      [position, limit],
    );
    return rows.map(parseEvent);
  }

  /**
   * The head of the log and up to `limit` events of `types` after `position` and up to that
   * head, oldest first, in one statement (one snapshot: every position up to the head has
   * committed, see append). A projection batch reads this way: one round trip fewer than
   * head() then readAfter(), and under load every round trip waits its turn.
   */
  async readUpToHead(
    manager: EntityManager,
    position: number,
    limit: number,
    types: readonly string[],
  ): Promise<{ head: number; events: LoggedEvent[] }> {
    const typeList = types.length ? placeholders(types.length, 3) : 'NULL';
    // The head as a one-row table, joined to the events after `position`: with none, the
    // one row still carries the head.
    const rows = await plainSql<
      (Omit<LoggedEvent, 'payload' | 'position'> & {
        head: number | string | null;
        position: number | string | null;
        payload: string;
      })[]
    >(
      manager,
      `SELECT h.head, e.position, e.type, e.stream_id AS "streamId", e.payload,
              e.occurred_at AS "occurredAt", e.correlation_id AS "correlationId"
         FROM (SELECT MAX(position) AS head FROM event_log) h
         LEFT JOIN event_log e
           ON e.position > $1 AND e.position <= h.head AND e.type IN (${typeList})
        ORDER BY e.position LIMIT $2`,
      [position, limit, ...types],
    );
    return {
      head: Number(rows[0]?.head ?? 0),
      events: rows.filter((row) => row.position !== null).map(parseEvent),
    };
  }
}

/** A row of event_log as read: the position a number on both databases, the payload parsed. */
function parseEvent(row: {
  position: number | string | null;
  type: string;
  streamId: string;
  payload: string;
  occurredAt: string;
  correlationId: string | null;
}): LoggedEvent {
  return {
    position: Number(row.position),
    type: row.type,
    streamId: row.streamId,
    payload: JSON.parse(row.payload) as unknown,
    occurredAt: row.occurredAt,
    correlationId: row.correlationId,
  };
}
