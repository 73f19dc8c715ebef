import { Logger } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import type { EntityManager, QueryRunner } from 'typeorm';
import { WriteGroupUndoneError } from './write-group-undone.error.js';
import { WriteQueueFullError } from './write-queue-full.error.js';

/**
 * A group never holds more commands than this: one fsync per 16 commands is already most of
 * what group commit saves, and no command waits long for the others to finish.
 */
export const MAX_GROUP_SIZE = 16;

/** How long a group waits for another writer's lock (another process on the file). */
export const LOCK_TIMEOUT_MS = 5000;

export interface QueueLimits {
  /** A command that waited this long without starting is answered 503 instead. */
  maxWaitMs: number;
  /** A command arriving to find this many waiting is answered 503 at once. */
  maxLength: number;
  /**
   * Nor does a group run its commands for longer than this (WRITE_GROUP_MAX_MS): once they
   * have taken it, the group commits and the commands still waiting start the next one.
   * Their own time, not the wall clock: on a busy machine the turns between them stretch,
   * and cutting groups short then would only add fsyncs when they cost most.
   */
  maxGroupMs: number;
}

export interface JobOptions {
  /**
   * false for background work that must not be dropped under load (the projection runner's
   * batches, the idempotency sweep): it is never shed.
   */
  sheddable: boolean;
  /**
   * Goes ahead of the jobs waiting (behind other such jobs only): for the projection runner's
   * first batch after a wake-up, which the readers wait for. Never for work that loops (a
   * catch-up, a rebuild): batch after batch would go ahead and the commands would wait until
   * it ends.
   */
  ahead?: boolean;
}

interface Job {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  enqueuedAt: number;
  sheddable: boolean;
  ahead: boolean;
}

/**
 * SQLite's single writer, shared fairly and committed in groups.
 *
 * - **One writer.** TypeORM's better-sqlite3 driver has one connection: transactions run one
 *   at a time, each opened with BEGIN IMMEDIATE (the write lock up front, so a writer in
 *   another process makes us wait, not fail halfway).
 * - **Group commit.** The commands waiting when a transaction ends run together in the next
 *   one, each inside its own SAVEPOINT: one that fails rolls back to its savepoint and gets
 *   its own error; the others are unaffected. All are answered only after the COMMIT, so
 *   with `synchronous=FULL` one fsync makes a whole group durable. If the COMMIT fails (or
 *   SQLite rolls the transaction back by itself, e.g. disk full), none is acknowledged.
 * - **Yields.** better-sqlite3 is synchronous: commands run back to back in microtasks would
 *   starve the event loop. Before each command, even inside a group, the queue waits for
 *   `setImmediate`, so sockets are read, health probes answered and new requests queued (a
 *   request that arrives meanwhile joins the open group). Node accepts one new connection
 *   per turn of the event loop, so a turn per command, not per group, is what lets clients
 *   connect while writes pour in. Only the write connection sees a group before its COMMIT,
 *   and only the queue's jobs write or read through it (query handlers and the projector's
 *   status reads use the read connection).
 * - **The projector's next batch goes first.** The projection runner's first batch after a
 *   wake-up goes ahead of the commands waiting and runs as the next job, so the read
 *   view does not lag by the whole queue. Only that one: the batches of a catch-up or a
 *   rebuild queue in order, or they would keep the commands waiting until they end.
 * - **Sheds load.** A command that cannot start within `maxWaitMs`, or finds `maxLength`
 *   commands waiting, gets WriteQueueFullError (503, Retry-After) and writes nothing.
 */
export class GroupCommitQueue {
  private readonly logger = new Logger('WriteQueue');
  private readonly waiting: Job[] = [];
  private draining = false;
  private shed = 0;

  constructor(
    private readonly runner: QueryRunner,
    /** Whether SQLite still has the transaction open (it rolls back by itself on some errors). */
    private readonly inTransaction: () => boolean,
    private readonly limits: QueueLimits,
  ) {}

  /** Commands waiting to start. */
  get length(): number {
    return this.waiting.length;
  }

  /** Commands answered 503 since start-up because the queue was full or too slow. */
  get shedCount(): number {
    return this.shed;
  }

  enqueue<T>(
    work: (manager: EntityManager) => Promise<T>,
    { sheddable, ahead = false }: JobOptions,
  ): Promise<T> {
    if (sheddable && this.waiting.length >= this.limits.maxLength) {
      this.shed += 1;
      return Promise.reject(new WriteQueueFullError());
    }
    return new Promise<T>((resolve, reject) => {
      const job = {
        // Run in the async context of its own request, not of whichever request started the
        // group: request ids, the request context and log lines follow the right request.
        work: AsyncResource.bind(work),
        resolve: resolve as (value: unknown) => void,
        reject,
        enqueuedAt: performance.now(),
        sheddable,
        ahead,
      };
      if (ahead) this.waiting.splice(this.firstNotAhead(), 0, job);
      else this.waiting.push(job);
      if (!this.draining) void this.drain();
    });
  }

  /** Where a job going ahead goes: behind the others going ahead, in their order. */
  private firstNotAhead(): number {
    const index = this.waiting.findIndex((job) => !job.ahead);
    return index === -1 ? this.waiting.length : index;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        await yieldToEventLoop();
        const first = this.nextJob();
        if (!first) continue;
        const group: Job[] = [];
        await this.runGroup(first, group).catch((error) => this.fail(group, error));
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next waiting job that may still start; those that waited too long are answered 503. */
  private nextJob(): Job | undefined {
    const now = performance.now();
    while (this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      if (!job.sheddable || now - job.enqueuedAt <= this.limits.maxWaitMs) return job;
      this.shed += 1;
      job.reject(new WriteQueueFullError());
    }
    return undefined;
  }

  /**
   * One transaction: `first`, then, a turn of the event loop before each, the jobs waiting by
   * then, up to MAX_GROUP_SIZE jobs or maxGroupMs of their work; then one COMMIT. `group` collects the
   * jobs that ran, for `fail` to answer if a statement of the queue's own fails.
   */
  private async runGroup(first: Job, group: Job[]): Promise<void> {
    try {
      await this.begin();
    } catch (error) {
      first.reject(error); // locked by another writer past the timeout
      return;
    }
    let busyMs = 0; // its own commands' time: the turns between them serve other requests
    const succeeded: { job: Job; value: unknown }[] = [];
    for (let job: Job | undefined = first; job;) {
      group.push(job);
      const started = performance.now();
      const outcome = await this.runInSavepoint(job);
      busyMs += performance.now() - started;
      if (outcome.ok) {
        succeeded.push({ job, value: outcome.value });
      } else if (outcome.transactionLost) {
        // SQLite rolled back the whole transaction: the neighbours' work is gone too. The
        // failing job got its own (real) error; they get told their write was undone.
        this.logger.error(
          { code: (outcome.error as { code?: unknown }).code, undone: succeeded.length },
          `SQLite rolled back the write group: ${(outcome.error as Error).message}`,
        );
        this.abandon(succeeded, new WriteGroupUndoneError(outcome.error));
        return;
      }
      if (group.length >= MAX_GROUP_SIZE || busyMs > this.limits.maxGroupMs) break;
      await yieldToEventLoop();
      job = this.nextJob();
    }
    try {
      await this.runner.query('COMMIT');
    } catch (error) {
      this.logger.error(
        { code: (error as { code?: unknown }).code, commands: succeeded.length },
        `COMMIT failed, no command of the group is acknowledged: ${(error as Error).message}`,
      );
      if (this.inTransaction()) await this.runner.query('ROLLBACK');
      this.abandon(succeeded, error);
      return;
    }
    for (const { job, value } of succeeded) job.resolve(value);
  }

  /**
   * BEGIN IMMEDIATE (the write lock up front), waiting for another writer without blocking:
   * the connection has no busy timeout, since better-sqlite3 would wait synchronously, the
   * event loop stopped, and a writer holding the lock across turns in the same process (a
   * second app in a test) could then never finish. Retried every few ms up to
   * LOCK_TIMEOUT_MS, then the error (503).
   */
  private async begin(): Promise<void> {
    const deadline = performance.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        await this.runner.query('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || performance.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  /**
   * Runs one job inside a SAVEPOINT of the group's transaction. A job that throws is rolled
   * back to its savepoint and answered its own error, unless SQLite already rolled back the
   * whole transaction: then the job's error is the real cause, and it is what gets reported.
   */
  private async runInSavepoint(
    job: Job,
  ): Promise<
    { ok: true; value: unknown } | { ok: false; transactionLost: boolean; error: unknown }
  > {
    await this.runner.query('SAVEPOINT command');
    try {
      const value = await job.work(this.runner.manager);
      await this.runner.query('RELEASE command');
      return { ok: true, value };
    } catch (error) {
      job.reject(error);
      if (!this.inTransaction()) return { ok: false, transactionLost: true, error };
      await this.runner.query('ROLLBACK TO command');
      await this.runner.query('RELEASE command');
      return { ok: false, transactionLost: false, error };
    }
  }

  /**
   * A statement of the queue's own failed (a SAVEPOINT, a ROLLBACK TO): answer every job of
   * the group (a settled promise ignores it) and leave no transaction open behind, so the
   * next group starts clean.
   */
  private async fail(group: Job[], error: unknown): Promise<void> {
    this.logger.error(
      { code: (error as { code?: unknown }).code },
      `write group failed, none of it is acknowledged: ${(error as Error).message}`,
    );
    for (const job of group) job.reject(error);
    if (this.inTransaction()) await this.runner.query('ROLLBACK').catch(() => undefined);
  }

  /** Jobs whose work was undone with the group: answered the cause, never acknowledged. */
  private abandon(succeeded: { job: Job }[], cause: unknown): void {
    for (const { job } of succeeded) job.reject(cause);
  }
}

/** Lets the event loop run its I/O (and accept a connection) before going on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** SQLITE_BUSY: another connection holds the write lock. */
function isBusy(error: unknown): boolean {
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return [code, driverError?.code].some(
    (c) => typeof c === 'string' && c.startsWith('SQLITE_BUSY'),
  );
}
