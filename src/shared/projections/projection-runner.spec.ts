import type { DiscoveryService } from '@nestjs/core';
import type { EventBus } from '@nestjs/cqrs';
import type { AppConfig } from '../config/app-config.js';
import type { ProjectionDatabase } from '../database/projection-database.js';
import type { ReadDatabase } from '../database/read-database.js';
import type { EventLog } from '../event-log/event-log.js';
import type { ProjectionCheckpoints } from './projection-checkpoints.js';
import type { ProjectionReset } from './projection-reset.js';
import type { Projection } from './projection.js';
import {
  COALESCE_MS,
  ProjectionRunner,
  retryDelayMs,
  UNAVAILABLE_RETRY_MAX_MS,
  type WakeUp,
} from './projection-runner.js';

describe('retryDelayMs', () => {
  const delays = (databaseUnavailable: boolean) =>
    Array.from({ length: 12 }, (_, n) => retryDelayMs(n + 1, databaseUnavailable));

  it('backs off to 30 s from an event that cannot be applied: a bug needs a fix, not a storm', () => {
    expect(delays(false)).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000,
    ]);
  });

  it('retries an unavailable database at least every second: it may be back any moment', () => {
    expect(delays(true)).toEqual([100, 200, 400, 800, ...Array(8).fill(UNAVAILABLE_RETRY_MAX_MS)]);
    expect(UNAVAILABLE_RETRY_MAX_MS).toBeLessThanOrEqual(1000);
  });
});

/**
 * A runner with one projection and no database: its batches are the test's to finish, and
 * the checkpoint and log head are the test's to set.
 */
async function runnerWithOneProjection() {
  const projection = { name: 'view', version: 1, handles: [] } as unknown as Projection;
  const log = { checkpoint: 0, head: 0, checkpointReads: 0 };
  const runner = new ProjectionRunner(
    { getProviders: () => [{ instance: projection }] } as unknown as DiscoveryService,
    { manager: {} } as unknown as ProjectionDatabase,
    { head: async () => log.head } as unknown as EventLog,
    {
      read: async () => {
        log.checkpointReads += 1;
        return { position: log.checkpoint, version: 1, rebuilding: false, lastError: null };
      },
    } as unknown as ProjectionCheckpoints,
    { reset: async () => null } as unknown as ProjectionReset,
    {} as ReadDatabase,
    {} as EventBus,
    { READ_VIEW: false } as AppConfig, // no EventBus subscription nor poll timer: the test wakes it
  );
  await runner.onApplicationBootstrap();
  const batches: { waitForLock: boolean; finish: () => void }[] = [];
  runner.applyBatch = (_projection, _size, options = {}) =>
    new Promise<number>((resolve) =>
      batches.push({ waitForLock: options.waitForLock ?? false, finish: () => resolve(0) }),
    );
  const settle = async (ms = COALESCE_MS + 20) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  };
  return { runner, log, batches, settle };
}

describe('ProjectionRunner wake-ups', () => {
  it("waits for another instance's batch only for this instance's own events", async () => {
    const { runner, batches, settle } = await runnerWithOneProjection();
    runner.wake('view', 'event');
    await settle(0);
    expect(batches.map((batch) => batch.waitForLock)).toEqual([true]);
    batches[0].finish();
    await settle();
    runner.wake('view', 'notified');
    await settle(0);
    expect(batches.map((batch) => batch.waitForLock)).toEqual([true, false]);
    batches[1].finish();
  });

  it.each<[WakeUp[], boolean]>([
    [['poll', 'notified', 'event'], true],
    [['event', 'poll'], true],
    [['poll', 'notified'], false],
  ])(
    'keeps the strongest of the wake-ups %j that came during a batch, through the coalescing interval',
    async (during, waitsForLock) => {
      const { runner, log, batches, settle } = await runnerWithOneProjection();
      log.head = 1; // something to apply, so even a poll goes on to a batch
      runner.wake('view', 'notified');
      await settle(0);
      for (const cause of during) runner.wake('view', cause);
      batches[0].finish();
      await settle(); // the next batch is due COALESCE_MS after this one
      expect(batches).toHaveLength(2);
      expect(batches[1].waitForLock).toBe(waitsForLock);
      batches[1].finish();
    },
  );

  it('checks outside a transaction whether a poll has anything to do; an event goes straight to its batch', async () => {
    const { runner, log, batches, settle } = await runnerWithOneProjection();
    runner.wake('view', 'poll');
    await settle();
    expect(log.checkpointReads).toBe(1);
    expect(batches).toHaveLength(0); // up to date: no transaction
    runner.wake('view', 'notified');
    await settle(0);
    expect(log.checkpointReads).toBe(1);
    expect(batches).toHaveLength(1);
    batches[0].finish();
  });
});
