import { randomUUID } from 'node:crypto';

/**
 * PostgreSQL only: every transaction that appends to the event log sends a NOTIFY on this
 * channel (EventLog.append), delivered when it commits and never if it rolls back, and every
 * instance LISTENs on it (EventLogListener) to wake its projection runner at once, rather than on its
 * next poll, when another instance wrote.
 */
export const EVENT_LOG_CHANNEL = 'event_log';

/**
 * This process, as its notifications name it: its own listener skips them (its commits already
 * woke its projection runner, through the EventBus).
 */
export const THIS_INSTANCE = randomUUID();

/** Set while this process's projection runner applies the events this process appends. */
export const localProjection = { applies: false };

const PROJECTS = ':projects';

/** The payload of this process's notifications: its id, and whether it applies its events. */
export function notificationPayload(): string {
  return localProjection.applies ? THIS_INSTANCE + PROJECTS : THIS_INSTANCE;
}

/** Who sent a notification, and whether that instance applies its events itself. */
export function readNotification(payload: string): { instance: string; projects: boolean } {
  return payload.endsWith(PROJECTS)
    ? { instance: payload.slice(0, -PROJECTS.length), projects: true }
    : { instance: payload, projects: false };
}
