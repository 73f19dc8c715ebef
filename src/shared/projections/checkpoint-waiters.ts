import type { Checkpoint } from './projection-checkpoints.js';

/** How often the waiters' checkpoint is read again while nothing tells of progress. */
export const RECHECK_MS = 10;
/**
 * How long a reader waits before its wait wakes this instance's runner: the events it waits
 * for are usually being applied already, here or by the instance that committed them.
 */
export const NUDGE_AFTER_MS = 50;

interface Waiter {
  position: number;
  since: number;
  deadline: number;
  resolve: (reached: Checkpoint) => void;
  reject: (error: unknown) => void;
}

/**
 * The readers waiting for one projection to reach a log position (read-your-writes), served by
 * one checkpoint read at a time however many they are: sixteen readers polling every 20 ms
 * each put 800 reads a second on the database, which then applies the events more slowly.
 */
export class CheckpointWaiters {
  private readonly waiters = new Set<Waiter>();
  private watching = false;

  constructor(
    /** The checkpoint as the readers see it. */
    private readonly read: () => Promise<Checkpoint>,
    /** Resolves when the projection may have moved on (its runner here advanced it) or after `ms`. */
    private readonly moved: (ms: number) => Promise<void>,
    /** Wakes the runner if it is idle: the wake-up for the awaited event may have been lost. */
    private readonly nudge: () => void,
    private readonly nudgeAfterMs = NUDGE_AFTER_MS,
  ) {}

  /** Resolves with the checkpoint once it reaches `position`, is being rebuilt, or time is up. */
  waitFor(position: number, timeoutMs: number): Promise<Checkpoint> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      this.waiters.add({ position, since: now, deadline: now + timeoutMs, resolve, reject });
      if (!this.watching) void this.watch();
    });
  }

  private async watch(): Promise<void> {
    this.watching = true;
    try {
      for (let round = 0; this.waiters.size > 0; round++) {
        // A runner woken by the event is busy or done: nudge it only after a round without
        // news, and once a reader has waited a while.
        const longest = Date.now() - Math.min(...[...this.waiters].map((waiter) => waiter.since));
        if (round > 0 && longest >= this.nudgeAfterMs) this.nudge();
        const nearestDeadline = Math.min(...[...this.waiters].map((waiter) => waiter.deadline));
        await this.moved(Math.max(0, Math.min(RECHECK_MS, nearestDeadline - Date.now())));
        const reached = await this.read();
        const now = Date.now();
        for (const waiter of this.waiters) {
          if (reached.position >= waiter.position || reached.rebuilding || now >= waiter.deadline) {
            this.waiters.delete(waiter);
            waiter.resolve(reached);
          }
        }
      }
    } catch (error) {
      // The read failed (the database may be unavailable): every waiter's request fails with it.
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters.clear();
    } finally {
      this.watching = false;
    }
  }
}
