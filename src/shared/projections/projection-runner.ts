import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { filter, firstValueFrom, race, Subject, type Subscription, timer } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { ProjectionDatabase } from '../database/projection-database.js';
import { ReadDatabase } from '../database/read-database.js';
import { EventLog } from '../event-log/event-log.js';
import { localProjection } from '../event-log/event-log-notification.js';
import type { LoggedEvent } from '../event-log/logged-event.js';
import { CheckpointWaiters } from './checkpoint-waiters.js';
import { type Checkpoint, ProjectionCheckpoints } from './projection-checkpoints.js';
import { Projection } from './projection.js';
import { PROJECTION_FAULTS, type ProjectionFaults } from './projection-faults.js';
import { ProjectionReset } from './projection-reset.js';

/** Events applied per transaction while healthy; after a failure, one at a time. */
export const BATCH_SIZE = 500;
/**
 * Batches start at most this often: under a steady stream of events, a wake-up this soon
 * after the last batch waits for the rest of the interval, so one commit covers the events
 * that came in meanwhile (one commit per event doubled the commits of a write, bench/).
 * An event after a quiet spell is applied at once.
 */
export const COALESCE_MS = 5;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 30_000;
/**
 * An unreachable database is retried at least this often: it may be back any moment, and
 * the view should follow within a second of it (a cap of 30 s kept /health at 503 for 13 s
 * after an outage). An event from a committed command cuts even this wait short.
 */
export const UNAVAILABLE_RETRY_MAX_MS = 1_000;

/**
 * The wait before the next attempt after `failures` failures in a row: 100 ms, 200 ms,
 * 400 ms, ... up to 30 s for an event that cannot be applied (a bug needs a fix, not a
 * storm of retries), up to 1 s while the database is unavailable.
 */
export function retryDelayMs(failures: number, databaseUnavailable: boolean): number {
  const cap = databaseUnavailable ? UNAVAILABLE_RETRY_MAX_MS : RETRY_MAX_MS;
  return Math.min(cap, RETRY_BASE_MS * 2 ** (failures - 1));
}

/**
 * Why the runner is woken, strongest first:
 * - `event`: a command of this instance just committed events (the EventBus). Its batch waits
 *   for another instance's batch on the checkpoint rather than skip it: that batch may have
 *   read the log before the event, and nothing else would wake this instance for it.
 * - `notified`: another instance that does not project committed events (EventLogListener;
 *   one that projects applies its own). Its batch skips when another instance holds the
 *   checkpoint: every projecting instance hears the notification, so the holder goes round
 *   again after its batch.
 * - `poll`: the safety net, a reader's wait or a retry; it first checks, outside any
 *   transaction, whether there is anything to do.
 */
export type WakeUp = 'event' | 'notified' | 'poll';

const STRENGTH: Record<WakeUp, number> = { event: 2, notified: 1, poll: 0 };

interface RunState {
  projection: Projection;
  running: Promise<void> | undefined;
  /**
   * The strongest wake-up not yet acted on: woken while running (go round once more when
   * done) or within COALESCE_MS of the last batch (due at the end of the interval).
   */
  pending: WakeUp | undefined;
  /** When the last batch ended (performance.now()). */
  lastBatchEndedAt: number;
  /** A wake-up that came within COALESCE_MS of it, due at the end of the interval. */
  coalesceTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  failures: number;
  lastError: string | null;
  /** The last failure was the database being unavailable (see retryDelayMs). */
  databaseUnavailable: boolean;
}

/**
 * Keeps every projection exactly in step with the event log.
 *
 * - Exactly once: a batch of events and the checkpoint that covers them commit in one
 *   transaction; a crash before the commit applies nothing, after it everything.
 * - Prompt: woken by every event the EventBus publishes (after a command commits), by
 *   other instances' commits (EventLogListener, PostgreSQL), and by a poll as a safety net;
 *   catches up at start-up.
 * - Never skips: it reads strictly after its checkpoint, in position order, and positions
 *   commit in order (see EventLog.append). On an error it stops at that event, retries with
 *   capped exponential backoff, reports the error, and goes on by itself once it passes.
 * - Quick to recover: while the database is unavailable it retries at least every second,
 *   and a committed event (proof the database is back) ends the wait at once.
 * - Several instances: the checkpoint row is locked per batch (PostgreSQL), so two
 *   instances never apply the same event.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly states = new Map<string, RunState>();
  private readonly advanced = new Subject<string>();
  private readonly waiters = new Map<string, CheckpointWaiters>();
  /** Projections whose checkpoint another release holds (another version): not applied here. */
  private readonly ofAnotherRelease = new Set<string>();
  private subscription: Subscription | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly database: ProjectionDatabase,
    private readonly eventLog: EventLog,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly reset: ProjectionReset,
    private readonly readDatabase: ReadDatabase,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
    // Registered by the demo only (DEMO=true): a slow or broken projector, on purpose.
    @Optional() @Inject(PROJECTION_FAULTS) private readonly faults?: ProjectionFaults,
  ) {}

  get projections(): Projection[] {
    return [...this.states.values()].map((state) => state.projection);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: Projection.KEY })) {
      const projection = wrapper.instance as Projection;
      const taken = this.states.get(projection.name)?.projection;
      if (taken) {
        // One checkpoint and one view per name: two would apply each other's events.
        throw new Error(
          `two projections are named ${projection.name}: ${taken.constructor.name} and ${projection.constructor.name}`,
        );
      }
      this.states.set(projection.name, {
        projection,
        running: undefined,
        pending: undefined,
        lastBatchEndedAt: -Infinity,
        coalesceTimer: undefined,
        retryTimer: undefined,
        failures: 0,
        lastError: null,
        databaseUnavailable: false,
      });
      // A new projection (version 0) or a bumped one: its view is rebuilt from the log.
      const head = await this.reset.reset(projection, { onlyIfOutdated: true });
      if (head !== null) {
        this.logger.log(
          `${projection.name} is at version ${projection.version}: its view is rebuilt from the ${head} events of the log`,
        );
      }
    }
    if (!this.config.READ_VIEW) return; // level 1: queries read the write model; the view idles
    this.subscription = this.eventBus.subscribe(() => this.wakeAll('event'));
    this.announceWhetherApplying();
    // Safety net: catch up even without a wake-up (a process that died before publishing,
    // a notification lost while the listener reconnected).
    this.pollTimer = setInterval(() => this.wakeAll(), this.config.PROJECTION_POLL_MS).unref();
    this.wakeAll();
  }

  /**
   * Lets the batch in progress finish (it commits or rolls back whole), then stops; runs
   * before the HTTP server and the database connections close.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.subscription?.unsubscribe();
    this.announceWhetherApplying();
    clearInterval(this.pollTimer);
    for (const state of this.states.values()) {
      clearTimeout(state.retryTimer);
      clearTimeout(state.coalesceTimer);
    }
    await Promise.all([...this.states.values()].map((state) => state.running ?? Promise.resolve()));
  }

  wakeAll(cause: WakeUp = 'poll'): void {
    for (const name of this.states.keys()) this.wake(name, cause);
  }

  wake(name: string, cause: WakeUp = 'poll'): void {
    const state = this.states.get(name);
    if (!state || this.stopping) return;
    if (state.retryTimer) {
      // A backoff retry is due. Events were committed, so a database that was unavailable
      // is back: no reason to wait any longer. A failing event keeps its backoff.
      if (cause === 'poll' || !state.databaseUnavailable) return;
      clearTimeout(state.retryTimer);
      state.retryTimer = undefined;
    }
    if (!state.pending || STRENGTH[cause] > STRENGTH[state.pending]) state.pending = cause;
    // Already running, or the next coalesced round is already due: it takes `pending`.
    if (state.running || state.coalesceTimer) return;
    const wait = state.lastBatchEndedAt + COALESCE_MS - performance.now();
    if (wait > 0) {
      state.coalesceTimer = setTimeout(() => {
        state.coalesceTimer = undefined;
        // Through wake() again: a timer can fire up to a few ms early on the event loop's
        // cached clock, and then waits for the rest.
        this.wake(name, state.pending ?? 'poll');
      }, wait);
      state.coalesceTimer.unref();
      return;
    }
    this.start(state);
  }

  private start(state: RunState): void {
    const cause = state.pending ?? 'poll';
    state.pending = undefined;
    state.running = this.catchUp(state, cause).finally(() => {
      state.running = undefined;
      state.lastBatchEndedAt = performance.now();
      if (state.pending) this.wake(state.projection.name, state.pending);
    });
  }

  /**
   * Waits until the projection has applied `position` (and is not being rebuilt) or
   * `timeoutMs` passes, and answers the checkpoint reached, as the read connection sees it.
   */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<Checkpoint> {
    const reached = await this.checkpointSeenByReaders(name);
    // A view being rebuilt will not be served whatever it reaches: no point waiting.
    if (reached.position >= position || reached.rebuilding || timeoutMs <= 0) return reached;
    return this.waitersFor(name).waitFor(position, timeoutMs);
  }

  private waitersFor(name: string): CheckpointWaiters {
    let waiters = this.waiters.get(name);
    if (!waiters) {
      waiters = new CheckpointWaiters(
        () => this.checkpointSeenByReaders(name),
        // Woken by this instance's runner, or re-read every RECHECK_MS for another instance's.
        (ms) =>
          firstValueFrom(
            race(this.advanced.pipe(filter((advanced) => advanced === name)), timer(ms)),
          ).then(() => undefined),
        () => this.wakeIfIdle(name),
      );
      this.waiters.set(name, waiters);
    }
    return waiters;
  }

  /** A poll, unless the runner is already at work or due to be. */
  private wakeIfIdle(name: string): void {
    const state = this.states.get(name);
    if (state && !state.running && !state.pending && !state.coalesceTimer) this.wake(name);
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

  private async catchUp(state: RunState, cause: WakeUp): Promise<void> {
    try {
      if (cause === 'poll' && state.failures === 0 && (await this.upToDate(state.projection))) {
        return;
      }
      // The first batch is the one readers wait for (the events that woke the runner): on
      // SQLite it goes ahead of the commands waiting. The rest of a long catch-up queues in
      // order, so the commands keep their turn.
      for (let first = true; !this.stopping; first = false) {
        const batchSize = state.failures > 0 ? 1 : BATCH_SIZE;
        const applied = await this.applyBatch(state.projection, batchSize, {
          ahead: first,
          // Woken by this instance's own events: see WakeUp.
          waitForLock: first && cause === 'event',
        });
        // A batch that committed, even an empty one (another instance or a rebuild got past
        // the event first), means the cause of the last failure is gone.
        if (state.failures > 0) this.recovered(state);
        if (applied < batchSize) return;
      }
    } catch (error) {
      await this.failed(state, error);
    }
  }

  /**
   * Whether committed data shows nothing for the projection to do: read without a transaction.
   * Most polls find nothing new, and a batch would take a transaction for it (on SQLite a job
   * in the write queue: an idle app would queue one per projection each PROJECTION_POLL_MS).
   * A commit that lands right after this read wakes the runner again ('event').
   */
  private async upToDate(projection: Projection): Promise<boolean> {
    const checkpoint = await this.checkpoint(projection.name);
    if (checkpoint.rebuilding || checkpoint.lastError !== null) return false;
    if (checkpoint.version !== projection.version) return false;
    return checkpoint.position >= (await this.eventLog.head(this.database.manager));
  }

  /**
   * One transaction: lock the checkpoint, apply the next events it handles, advance the
   * checkpoint. A rebuild ends in the batch that finds no more events. Answers how many
   * were applied.
   * On PostgreSQL it runs on the projection runner's own connections, so it never queues behind
   * the commands for a connection of the write pool (see ProjectionDatabase), and a batch that
   * finds another instance applying the projection does nothing, unless `waitForLock`. On
   * SQLite, `ahead` lets it go ahead of the commands waiting in the write queue.
   */
  async applyBatch(
    projection: Projection,
    batchSize: number,
    { ahead = false, waitForLock = false }: { ahead?: boolean; waitForLock?: boolean } = {},
  ): Promise<number> {
    const applied: { event: LoggedEvent; ms: number }[] = [];
    let moved = false;
    let release: 'same' | 'another' | undefined; // undefined: another instance held the row
    await this.faults?.beforeBatch(projection.name);
    await this.database.transaction(
      async (manager) => {
        const checkpoint = await this.checkpoints.lock(manager, projection.name, {
          skipIfLocked: !waitForLock,
        });
        if (checkpoint === null) return; // another instance is applying this projection
        release = checkpoint.version === projection.version ? 'same' : 'another';
        if (release === 'another') return; // the view is another release's to build
        // Only the events it handles, up to the head read with them (everything up to it has
        // committed: positions commit in order, see EventLog.append).
        const { head, events } = await this.eventLog.readUpToHead(
          manager,
          checkpoint.position,
          batchSize,
          projection.handles.map((handled) => handled.type),
        );
        this.faults?.beforeApply(projection.name, events);
        if (projection.applyAll && events.length > 1) {
          const started = performance.now();
          await projection.applyAll(manager, events);
          const ms = performance.now() - started; // the run's, logged with each of its events
          for (const event of events) applied.push({ event, ms });
        } else {
          for (const event of events) {
            const started = performance.now();
            await projection.apply(manager, event);
            applied.push({ event, ms: performance.now() - started });
          }
        }
        // A full batch stops at its last event. A short one read every event it handles up to
        // the head: the checkpoint moves to the head, past the events it does not handle.
        const full = events.length === batchSize;
        const position = full ? events[events.length - 1].position : head;
        const rebuilding = checkpoint.rebuilding && full;
        if (position > checkpoint.position || checkpoint.rebuilding !== rebuilding) {
          await this.checkpoints.advance(manager, projection.name, position, { rebuilding });
          moved = position > checkpoint.position;
        }
      },
      { ahead },
    );
    if (release === 'another') this.ofAnotherRelease.add(projection.name);
    if (release === 'same') this.ofAnotherRelease.delete(projection.name);
    if (release) this.announceWhetherApplying();
    if (moved) this.advanced.next(projection.name);
    // Logged once committed: each event with its duration (of the whole run, with how many
    // events, when applied together) and the request it came from.
    for (const { event, ms } of applied) {
      this.logger.log(
        {
          projection: projection.name,
          event: event.type,
          position: event.position,
          correlationId: event.correlationId,
          outcome: 'ok',
          durationMs: Math.round(ms * 100) / 100,
          ...(applied.length > 1 && projection.applyAll ? { appliedTogether: applied.length } : {}),
        },
        `event ${event.type} handled by ${projection.name}`,
      );
    }
    return applied.length;
  }

  /**
   * Tells other instances, through this process's notifications, whether it applies the events
   * it appends: while it projects every view of this release. During a rolling deploy, an
   * instance whose views the new release took over (another version) does not: the others
   * must be woken by its commits.
   */
  private announceWhetherApplying(): void {
    localProjection.applies =
      this.config.READ_VIEW && !this.stopping && this.ofAnotherRelease.size === 0;
  }

  private async failed(state: RunState, error: unknown): Promise<void> {
    state.failures += 1;
    state.lastError = error instanceof Error ? error.message : String(error);
    state.databaseUnavailable = isDatabaseUnavailable(error);
    const delay = retryDelayMs(state.failures, state.databaseUnavailable);
    const attempt = `attempt ${state.failures}, retrying in ${delay} ms`;
    if (state.databaseUnavailable) {
      this.logger.warn(
        `${state.projection.name} waits for the database (${attempt}): ${state.lastError}`,
      );
    } else {
      this.logger.error(
        `${state.projection.name} stopped at an event it cannot apply (${attempt}): ${state.lastError}`,
      );
    }
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
    state.databaseUnavailable = false;
  }
}
