import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { filter, firstValueFrom, race, Subject, type Subscription, timer } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { ProjectorDatabase } from '../database/projector-database.js';
import { ReadDatabase } from '../database/read-database.js';
import { EventLog } from '../event-log/event-log.js';
import type { LoggedEvent } from '../event-log/logged-event.js';
import { type Checkpoint, ProjectionCheckpoints } from './projection-checkpoints.js';
import type { Projection } from './projection.js';
import { Projector } from './projector.decorator.js';

/** Events applied per transaction while healthy; after a failure, one at a time. */
export const BATCH_SIZE = 500;
/** Safety net: catch up even without an in-process event (restart, another instance). */
export const POLL_INTERVAL_MS = 1000;
/**
 * Batches start at most this often: under a steady stream of events, a wake-up this soon
 * after the last batch waits for the rest of the interval, so one commit covers the events
 * that came in meanwhile (one commit per event doubled the commits of a write, bench/).
 * An event after a quiet spell is applied at once.
 */
export const COALESCE_MS = 5;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 30_000;

interface RunState {
  projection: Projection;
  running: Promise<void> | undefined;
  /** Woken while running: go round once more when done. */
  wokenAgain: boolean;
  /** When the last batch ended (performance.now()). */
  lastBatchEndedAt: number;
  /** A wake-up that came within COALESCE_MS of it, due at the end of the interval. */
  coalesceTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  failures: number;
  lastError: string | null;
}

/**
 * Keeps every projection exactly in step with the event log.
 *
 * - Exactly once: a batch of events and the checkpoint that covers them commit in one
 *   transaction; a crash before the commit applies nothing, after it everything.
 * - Prompt: woken by every event the EventBus publishes (after a command commits), and
 *   by a poll as a safety net; catches up at start-up.
 * - Never skips: it reads strictly after its checkpoint, in position order, and positions
 *   commit in order (see EventLog.append). On an error it stops at that event, retries with
 *   capped exponential backoff, reports the error, and goes on by itself once it passes.
 * - Several instances: the checkpoint row is locked per batch (PostgreSQL), so two
 *   instances never apply the same event.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly states = new Map<string, RunState>();
  private readonly advanced = new Subject<string>();
  private subscription: Subscription | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly database: ProjectorDatabase,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly readDatabase: ReadDatabase,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
  ) {}

  get projections(): Projection[] {
    return [...this.states.values()].map((state) => state.projection);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: Projector.KEY })) {
      const projection = wrapper.instance as Projection;
      this.states.set(projection.name, {
        projection,
        running: undefined,
        wokenAgain: false,
        lastBatchEndedAt: -Infinity,
        coalesceTimer: undefined,
        retryTimer: undefined,
        failures: 0,
        lastError: null,
      });
      await this.database.transaction((manager) =>
        this.checkpoints.ensure(manager, projection.name),
      );
    }
    if (!this.config.READ_VIEW) return; // level 1: queries read the write model; the view idles
    this.subscription = this.eventBus.subscribe(() => this.wakeAll());
    this.pollTimer = setInterval(() => this.wakeAll(), POLL_INTERVAL_MS).unref();
    this.wakeAll();
  }

  /**
   * Lets the batch in progress finish (it commits or rolls back whole), then stops; runs
   * before the HTTP server and the database connections close.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.subscription?.unsubscribe();
    clearInterval(this.pollTimer);
    for (const state of this.states.values()) {
      clearTimeout(state.retryTimer);
      clearTimeout(state.coalesceTimer);
    }
    await Promise.all([...this.states.values()].map((state) => state.running ?? Promise.resolve()));
  }

  wakeAll(): void {
    for (const name of this.states.keys()) this.wake(name);
  }

  wake(name: string): void {
    const state = this.states.get(name);
    // A backoff retry or the next coalesced round is already due.
    if (!state || this.stopping || state.retryTimer || state.coalesceTimer) return;
    if (state.running) {
      state.wokenAgain = true;
      return;
    }
    const wait = state.lastBatchEndedAt + COALESCE_MS - performance.now();
    if (wait > 0) {
      state.coalesceTimer = setTimeout(() => {
        state.coalesceTimer = undefined;
        this.wake(name);
      }, wait);
      state.coalesceTimer.unref();
      return;
    }
    state.wokenAgain = false;
    state.running = this.catchUp(state).finally(() => {
      state.running = undefined;
      state.lastBatchEndedAt = performance.now();
      if (state.wokenAgain) this.wake(name);
    });
  }

  /**
   * Waits until the projection has applied `position` (and is not being rebuilt) or
   * `timeoutMs` passes, and answers the checkpoint reached, as the read connection sees it.
   */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<Checkpoint> {
    const deadline = Date.now() + timeoutMs;
    let reached = await this.checkpointSeenByReaders(name);
    // A view being rebuilt will not be served whatever it reaches: no point waiting.
    const done = () => reached.position >= position || reached.rebuilding;
    while (!done() && Date.now() < deadline) {
      this.wake(name);
      const advancedHere = this.advanced.pipe(filter((advancedName) => advancedName === name));
      // Woken by our own runner, or re-checked every 20 ms for another instance's progress.
      await firstValueFrom(race(advancedHere, timer(Math.min(20, deadline - Date.now()))));
      reached = await this.checkpointSeenByReaders(name);
    }
    return reached;
  }

  /** The checkpoint as query handlers see it (on the read connection, maybe a replica). */
  checkpointSeenByReaders(name: string): Promise<Checkpoint> {
    return this.checkpoints.read(this.readDatabase.manager, name);
  }

  /** The checkpoint as the primary database holds it. */
  checkpoint(name: string): Promise<Checkpoint> {
    return this.checkpoints.read(this.database.manager, name);
  }

  /** In-memory failure state of this instance (the database row holds the last error too). */
  failing(): { name: string; lastError: string }[] {
    return [...this.states.values()]
      .filter((state) => state.lastError !== null)
      .map((state) => ({ name: state.projection.name, lastError: state.lastError! }));
  }

  private async catchUp(state: RunState): Promise<void> {
    try {
      while (!this.stopping) {
        const batchSize = state.failures > 0 ? 1 : BATCH_SIZE;
        const applied = await this.applyBatch(state.projection, batchSize);
        // A batch that committed, even an empty one (another instance or a rebuild got past
        // the event first), means the cause of the last failure is gone.
        if (state.failures > 0) this.recovered(state);
        if (applied > 0) this.advanced.next(state.projection.name);
        if (applied < batchSize) return;
      }
    } catch (error) {
      await this.failed(state, error);
    }
  }

  /**
   * One transaction: lock the checkpoint, apply the next events, advance the checkpoint.
   * A rebuild ends in the batch that finds no more events. Answers how many were applied.
   * On PostgreSQL it runs on the projector's own connections, so it never queues behind
   * the commands for a connection of the write pool (see ProjectorDatabase).
   */
  async applyBatch(projection: Projection, batchSize: number): Promise<number> {
    const applied: { event: LoggedEvent; ms: number }[] = [];
    await this.database.transaction(async (manager) => {
      const checkpoint = await this.checkpoints.lock(manager, projection.name);
      if (checkpoint === null) return; // another instance is applying this projection
      const events = await this.eventLog.readAfter(manager, checkpoint.position, batchSize);
      for (const event of events) {
        const started = performance.now();
        await projection.apply(manager, event);
        applied.push({ event, ms: performance.now() - started });
      }
      const position = events.at(-1)?.position ?? checkpoint.position;
      const rebuilding = checkpoint.rebuilding && events.length === batchSize;
      if (events.length > 0 || checkpoint.rebuilding !== rebuilding) {
        await this.checkpoints.advance(manager, projection.name, position, { rebuilding });
      }
    });
    // Logged once committed: each event with its duration and the request it came from.
    for (const { event, ms } of applied) {
      this.logger.log(
        {
          projection: projection.name,
          event: event.type,
          position: event.position,
          correlationId: event.correlationId,
          outcome: 'ok',
          durationMs: Math.round(ms * 100) / 100,
        },
        `event ${event.type} handled by ${projection.name}`,
      );
    }
    return applied.length;
  }

  private async failed(state: RunState, error: unknown): Promise<void> {
    state.failures += 1;
    state.lastError = error instanceof Error ? error.message : String(error);
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (state.failures - 1));
    this.logger.error(
      `${state.projection.name} stopped at an event it cannot apply (attempt ${state.failures}, retrying in ${delay} ms): ${state.lastError}`,
    );
    await this.database
      .transaction((manager) =>
        this.checkpoints.recordError(manager, state.projection.name, state.lastError),
      )
      .catch(() => undefined); // the database may be the cause; the in-memory state still reports it
    if (this.stopping) return;
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      this.wake(state.projection.name);
    }, delay);
    state.retryTimer.unref();
  }

  private recovered(state: RunState): void {
    this.logger.log(`${state.projection.name} recovered after ${state.failures} failed attempts`);
    state.failures = 0;
    state.lastError = null;
  }
}
