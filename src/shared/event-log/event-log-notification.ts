import { randomUUID } from 'node:crypto';

/**
 * PostgreSQL only: every transaction that appends to the event log sends a NOTIFY on this
 * channel (EventLog.append), delivered when it commits and never if it rolls back, and every
 * instance LISTENs on it (EventLogListener) to wake its projection runner at once, rather than on its
 * next poll, when another instance wrote.
 */
export const EVENT_LOG_CHANNEL = 'event_log';

/**
 * The payload of this process's notifications, so its listener can skip them: its own
 * commits already woke its projection runner through the EventBus.
 */
export const THIS_INSTANCE = randomUUID();
