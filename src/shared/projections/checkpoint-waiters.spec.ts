import { CheckpointWaiters } from './checkpoint-waiters.js';
import type { Checkpoint } from './projection-checkpoints.js';

const at = (position: number, rebuilding = false): Checkpoint => ({
  position,
  version: 1,
  rebuilding,
  updatedAt: '2026-11-30T00:00:00.000Z',
  lastError: null,
});

/** Waiters on a checkpoint the test moves; `tick()` ends the current wait for news. */
function setUp({ nudgeAfterMs = 0 } = {}) {
  let checkpoint = at(0);
  let failure: Error | null = null;
  let ticks: (() => void)[] = [];
  const counts = { reads: 0, nudges: 0 };
  const waiters = new CheckpointWaiters(
    async () => {
      counts.reads += 1;
      if (failure) throw failure;
      return checkpoint;
    },
    () => new Promise<void>((resolve) => ticks.push(resolve)),
    () => (counts.nudges += 1),
    nudgeAfterMs,
  );
  const tick = async () => {
    const due = ticks;
    ticks = [];
    due.forEach((resolve) => resolve());
    await new Promise((resolve) => setImmediate(resolve)); // let the read and its answers run
  };
  return {
    waiters,
    counts,
    tick,
    moveTo: (position: number, rebuilding = false) => (checkpoint = at(position, rebuilding)),
    failWith: (error: Error | null) => (failure = error),
  };
}

describe('CheckpointWaiters', () => {
  it('serves any number of waiting readers with one checkpoint read per round', async () => {
    const { waiters, counts, tick, moveTo } = setUp();
    const answered: number[] = [];
    for (let position = 1; position <= 16; position++) {
      void waiters.waitFor(position, 60_000).then(() => answered.push(position));
    }
    moveTo(8);
    await tick();
    expect(counts.reads).toBe(1);
    expect(answered.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    moveTo(16);
    await tick();
    expect(counts.reads).toBe(2);
    expect(answered).toHaveLength(16);
  });

  it('answers the checkpoint reached once a waiter runs out of time', async () => {
    const { waiters, tick, moveTo } = setUp();
    const answer = waiters.waitFor(10, 0);
    moveTo(3);
    await tick();
    await expect(answer).resolves.toMatchObject({ position: 3 });
  });

  it('answers at once when the view is being rebuilt: waiting would not make it servable', async () => {
    const { waiters, tick, moveTo } = setUp();
    const answer = waiters.waitFor(10, 60_000);
    moveTo(0, true);
    await tick();
    await expect(answer).resolves.toMatchObject({ rebuilding: true });
  });

  it('nudges the runner only after a round without the awaited position', async () => {
    const { waiters, counts, tick, moveTo } = setUp();
    const answer = waiters.waitFor(5, 60_000);
    expect(counts.nudges).toBe(0); // the event's own wake-up comes first
    await tick();
    expect(counts.nudges).toBe(1);
    moveTo(5);
    await tick();
    await answer;
    expect(counts.nudges).toBe(1);
  });

  it('does not nudge the runner before a reader has waited NUDGE_AFTER_MS', async () => {
    const { waiters, counts, tick, moveTo } = setUp({ nudgeAfterMs: 60_000 });
    const answer = waiters.waitFor(5, 120_000);
    for (let round = 0; round < 5; round++) await tick();
    expect(counts.nudges).toBe(0);
    moveTo(5);
    await tick();
    await answer;
  });

  it('fails every waiter when the read fails, and serves new waiters afterwards', async () => {
    const { waiters, tick, moveTo, failWith } = setUp();
    failWith(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const first = waiters.waitFor(1, 60_000);
    const second = waiters.waitFor(2, 60_000);
    await tick();
    await expect(first).rejects.toThrow('ECONNREFUSED');
    await expect(second).rejects.toThrow('ECONNREFUSED');
    failWith(null);
    moveTo(1);
    const third = waiters.waitFor(1, 60_000);
    await tick();
    await expect(third).resolves.toMatchObject({ position: 1 });
  });
});
