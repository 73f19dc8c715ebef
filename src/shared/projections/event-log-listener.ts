import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { CONNECTION_TIMEOUT_MS } from '../database/connection-timeout.js';
import {
  EVENT_LOG_CHANNEL,
  readNotification,
  THIS_INSTANCE,
} from '../event-log/event-log-notification.js';
import { ProjectionRunner } from './projection-runner.js';

/** Waits between reconnection attempts: 100 ms, 200 ms, ... at most 1 s. */
const RECONNECT_BASE_MS = 100;
const RECONNECT_MAX_MS = 1_000;

/**
 * PostgreSQL, several instances: wakes this instance's projection runner as soon as another instance
 * commits events, instead of at its next poll. It LISTENs on EVENT_LOG_CHANNEL, which every
 * append NOTIFYs on commit (EventLog.append), on a connection of its own (a pooled connection
 * cannot hold a LISTEN) to the primary (a replica delivers no notifications).
 *
 * A lost connection (the database restarted, a network cut) is reconnected at least every
 * second; once back it wakes the projection runner, since notifications sent meanwhile are lost. The
 * projection runner's poll stays as the safety net. Idle on SQLite (one process per database) and with
 * READ_VIEW=false (no projection runner to wake).
 */
@Injectable()
export class EventLogListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventLogListener.name);
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly runner: ProjectionRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DATABASE_URL || !this.config.READ_VIEW) return;
    await this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'nest-cqrs-starter-listener',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      keepAlive: true, // a half-open connection would otherwise wait forever for notifications
    });
    this.client = client;
    // Kept after the client is dropped: an error event without a listener would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    client.on('notification', ({ payload }) => {
      const from = readNotification(payload ?? '');
      // Our own commits already woke the projection runner, through the EventBus. An instance
      // that projects applies its own events: waking here too made the two instances take
      // turns on the checkpoint row, and doubled the lag under load (bench/). Its events are
      // still ours to apply if it dies first: the poll and waiting readers wake this runner.
      if (from.instance !== THIS_INSTANCE && !from.projects) this.runner.wakeAll('notified');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_LOG_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.failures > 0) {
      this.logger.log(`listening again on ${EVENT_LOG_CHANNEL} after ${this.failures} attempts`);
      this.failures = 0;
      // What was committed while we were away sent no notification we could hear.
      this.runner.wakeAll('event');
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.stopping || client !== this.client) return; // handled already, or shutting down
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.failures += 1;
    if (this.failures === 1) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`lost its connection, reconnecting at least every second: ${reason}`);
    }
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** (this.failures - 1));
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
