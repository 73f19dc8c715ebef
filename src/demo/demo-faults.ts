import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { LoggedEvent } from '../shared/event-log/logged-event.js';
import type { ProjectionFaults } from '../shared/projections/projection-faults.js';

/** The longest artificial delay per batch: a slow projector, not a stopped one. */
export const MAX_DELAY_MS = 5000;

export interface ProjectorFaultsState {
  /** Waited before every batch of the projector. */
  delayMs: number;
  /** Every batch with an event fails, until repaired. */
  broken: boolean;
}

/** What the runner did while broken: how often it tried, and how long it waited in between. */
export interface FailedAttempts {
  /** Batches of one projection failed since the projector was last broken. */
  failedAttempts: number;
  /** The waits between those attempts, in ms: the runner's backoff, as it happened. */
  retryIntervalsMs: number[];
}

/** Waits kept for the page: enough to see the doubling. */
const INTERVALS_KEPT = 12;

/**
 * The demo's lesson controls, as the projection runner sees them: "slow down the projector"
 * (a delay before each batch) and "break the projector" (a batch with events fails, rolled
 * back whole, until repaired). Registered only by DemoModule (DEMO=true).
 */
@Injectable()
export class DemoFaults implements ProjectionFaults, BeforeApplicationShutdown {
  private state: ProjectorFaultsState = { delayMs: 0, broken: false };
  private failedAt: number[] = [];
  private failures = 0;
  /**
   * The projection whose attempts are recorded: the first to fail once broken. Every
   * projection fails, but each has its own backoff, and their attempts interleaved would not
   * show the doubling.
   */
  private recorded: string | undefined;
  /** Cuts a delay short at shutdown, so stopping never waits for it. */
  private readonly stopping = new AbortController();

  get current(): ProjectorFaultsState & FailedAttempts {
    const retryIntervalsMs = this.failedAt
      .slice(1)
      .map((at, index) => Math.round(at - this.failedAt[index]));
    return { ...this.state, failedAttempts: this.failures, retryIntervalsMs };
  }

  set(state: ProjectorFaultsState): void {
    if (state.broken && !this.state.broken) {
      this.failedAt = [];
      this.failures = 0;
      this.recorded = undefined;
    }
    this.state = { ...state };
  }

  async beforeBatch(): Promise<void> {
    const { delayMs } = this.state;
    if (delayMs === 0 || this.stopping.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      this.stopping.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  beforeApply(projection: string, events: readonly LoggedEvent[]): void {
    if (!this.state.broken || events.length === 0) return;
    const [event] = events;
    this.recorded ??= projection;
    if (projection === this.recorded) {
      this.failures += 1;
      this.failedAt = [...this.failedAt, performance.now()].slice(-(INTERVALS_KEPT + 1));
    }
    throw new Error(
      `the demo broke ${projection} on purpose: event ${event.position} (${event.type}) not applied`,
    );
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }
}
