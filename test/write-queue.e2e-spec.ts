import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainEvent } from '../src/shared/event-log/domain-event.js';
import type { Transaction } from '../src/shared/database/transaction.js';
import { AppConfig } from '../src/shared/config/app-config.js';
import { UnitOfWork } from '../src/shared/database/unit-of-work.js';
import { WriteQueue } from '../src/shared/database/write-queue.js';
import { eventually } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';

// The group-commit write queue is SQLite's (PostgreSQL runs transactions side by side).
const describeOnSqlite = TEST_DB === 'sqlite' ? describe : describe.skip;

class MarkWritten extends DomainEvent<{ sku: string }> {
  readonly type = 'TestMarkWritten';
}

/** A command as UnitOfWork runs it: one product row and one event, optionally failing after. */
function writeProduct(sku: string, failAfterWriting = false) {
  return async (tx: Transaction) => {
    await tx.manager.query(
      'INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)',
      [randomUUID(), sku, 'Cup', 100],
    );
    tx.record(new MarkWritten(sku, { sku }));
    if (failAfterWriting) throw new Error(`${sku} fails after writing`);
    return { sku };
  };
}

/** Counts the statements the queue sends on SQLite's one connection. */
function countStatements(runner: QueryRunner): { begins: () => number; restore: () => void } {
  const original = runner.query.bind(runner);
  let begins = 0;
  runner.query = ((sql: string, ...rest: unknown[]) => {
    if (sql === 'BEGIN IMMEDIATE') begins += 1;
    return (original as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
  }) as QueryRunner['query'];
  return { begins: () => begins, restore: () => (runner.query = original) };
}

/**
 * Holds SQLite's writer until `release()`: every write behind it waits. `open` resolves once
 * its transaction is open (its work has started), so the writes sent after it queue behind it
 * for sure, however long the queue took to get to it; `whenReleased` runs inside it, after
 * release.
 */
function holdTheWriter(
  writeQueue: WriteQueue,
  {
    sheddable = true,
    whenReleased = () => {},
  }: { sheddable?: boolean; whenReleased?: () => void } = {},
) {
  let started!: () => void;
  const open = new Promise<void>((resolve) => (started = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = writeQueue.transaction(
    async () => {
      started();
      await released;
      whenReleased();
    },
    { sheddable },
  );
  return { open, release, held };
}

describeOnSqlite('the SQLite write queue', () => {
  describe('group commit', () => {
    let t: TestApp;
    let db: DataSource;
    beforeAll(async () => {
      // These tests need their writes in one group: a group bound a loaded machine cannot
      // reach by stalling inside a write, and no projection batches joining in.
      t = await createTestApp({ WRITE_GROUP_MAX_MS: '1000', READ_VIEW: 'false' });
      db = t.app.get(DataSource);
    });
    afterAll(() => t.close());

    const rows = async (sql: string, parameters: unknown[]) =>
      (await db.query<{ n: number }[]>(sql, parameters))[0].n;

    it('runs the writes that wait while a transaction is open together, in the next one', async () => {
      const writeQueue = t.app.get(WriteQueue);
      const statements = countStatements(db.createQueryRunner());
      try {
        const writer = holdTheWriter(writeQueue);
        await writer.open;
        const waiting = Array.from({ length: 8 }, () =>
          writeQueue.transaction((manager) => manager.query('SELECT 1')),
        );
        writer.release();
        await Promise.all([writer.held, ...waiting]);
        // The eight join the held write's group, or form the next one (if the held write used
        // up its group's time); nine BEGINs without group commit.
        expect(statements.begins()).toBeLessThanOrEqual(2);
      } finally {
        statements.restore();
      }
    });

    it('gives the event loop a turn before each write, even inside a group, and a write sent meanwhile joins the open group', async () => {
      // Node accepts one new connection per turn: turns between writes keep clients getting in.
      const writeQueue = t.app.get(WriteQueue);
      const statements = countStatements(db.createQueryRunner());
      try {
        const ran: string[] = [];
        let late: Promise<unknown> | undefined;
        const first = writeQueue.transaction(async () => {
          setImmediate(() => {
            ran.push('a turn of the event loop');
            late = writeQueue.transaction(async () => ran.push('a write sent in that turn'));
          });
          ran.push('first write');
        });
        const second = writeQueue.transaction(async () => ran.push('second write'));
        await Promise.all([first, second]);
        await late;
        expect(ran).toEqual([
          'first write',
          'a turn of the event loop',
          'second write',
          'a write sent in that turn',
        ]);
        expect(statements.begins()).toBe(1);
      } finally {
        statements.restore();
      }
    });

    it("runs the projection runner's next batch before the commands waiting", async () => {
      // A batch queued behind a full queue of commands kept the read view lagging by as long
      // as they took (projection lag p99 over 50 ms at 16 writers).
      const writeQueue = t.app.get(WriteQueue);
      const ran: string[] = [];
      const writer = holdTheWriter(writeQueue, {
        whenReleased: () => ran.push('the write in progress'),
      });
      await writer.open;
      const commands = [1, 2, 3].map((n) =>
        writeQueue.transaction(async () => ran.push(`command ${n}`)),
      );
      const batches = [1, 2].map((n) =>
        writeQueue.transaction(async () => ran.push(`next batch ${n}`), {
          sheddable: false,
          ahead: true,
        }),
      );
      writer.release();
      await Promise.all([writer.held, ...commands, ...batches]);
      expect(ran).toEqual([
        'the write in progress',
        'next batch 1',
        'next batch 2',
        'command 1',
        'command 2',
        'command 3',
      ]);
    });

    it('runs each write of a group in the async context of the request that sent it', async () => {
      const writeQueue = t.app.get(WriteQueue);
      const request = new AsyncLocalStorage<string>();
      const writer = holdTheWriter(writeQueue);
      await writer.open;
      const seen = ['request-1', 'request-2', 'request-3'].map((id) =>
        request.run(id, () => writeQueue.transaction(async () => request.getStore())),
      );
      writer.release();
      await writer.held;
      expect(await Promise.all(seen)).toEqual(['request-1', 'request-2', 'request-3']);
    });

    it('isolates each command of a group in its own savepoint: one that fails leaves its neighbours committed and itself absent', async () => {
      const unitOfWork = t.app.get(UnitOfWork);
      const key = (sku: string) => ({ scope: 'test', key: `key-${sku}`, fingerprint: sku });
      // Started in one tick: all three are waiting when the queue next starts a group.
      const outcomes = await Promise.allSettled([
        unitOfWork.run(writeProduct('G-1'), key('G-1')),
        unitOfWork.run(writeProduct('G-2', true), key('G-2')),
        unitOfWork.run(writeProduct('G-3'), key('G-3')),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
        message: 'G-2 fails after writing',
      });
      const skus = ['G-1', 'G-2', 'G-3'];
      const present = async (sql: string, column: (sku: string) => string) =>
        Promise.all(skus.map(async (sku) => (await rows(sql, [column(sku)])) > 0));
      // Write tables, event log and idempotency store alike.
      expect(await present('SELECT count(*) AS n FROM products WHERE sku = ?', (s) => s)).toEqual([
        true,
        false,
        true,
      ]);
      expect(
        await present('SELECT count(*) AS n FROM event_log WHERE stream_id = ?', (s) => s),
      ).toEqual([true, false, true]);
      expect(
        await present(
          'SELECT count(*) AS n FROM idempotency_keys WHERE key = ?',
          (s) => `key-${s}`,
        ),
      ).toEqual([true, false, true]);
    });

    it('acknowledges no command of a group whose COMMIT fails', async () => {
      const writeQueue = t.app.get(WriteQueue);
      const outcomes = await Promise.allSettled([
        writeQueue.transaction((manager) =>
          manager.query('INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)', [
            randomUUID(),
            'C-1',
            'Cup',
            100,
          ]),
        ),
        // A deferred foreign key is checked at COMMIT: this line's order does not exist.
        writeQueue.transaction(async (manager) => {
          await manager.query('PRAGMA defer_foreign_keys = ON');
          await manager.query(
            `INSERT INTO order_lines (order_id, line_no, product_id, product_name, quantity, unit_price_cents)
             VALUES (?, 1, ?, 'Cup', 1, 100)`,
            [randomUUID(), randomUUID()],
          );
        }),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({
        message: expect.stringMatching(/FOREIGN KEY constraint failed/),
      });
      expect(await rows("SELECT count(*) AS n FROM products WHERE sku = 'C-1'", [])).toBe(0);
      // And the queue goes on: the next write commits.
      await writeQueue.transaction((manager) =>
        manager.query('INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)', [
          randomUUID(),
          'C-2',
          'Cup',
          100,
        ]),
      );
      expect(await rows("SELECT count(*) AS n FROM products WHERE sku = 'C-2'", [])).toBe(1);
    });
  });

  describe('with long background work', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp({ READ_VIEW: 'false' })));
    afterAll(() => t.close());

    it('keeps the commands going while a long catch-up or rebuild runs batch after batch', async () => {
      // Each batch is queued when the one before commits, as ProjectionRebuilder does: were
      // they all put ahead, the commands would wait for the whole rebuild (503 after 2 s).
      const writeQueue = t.app.get(WriteQueue);
      const ran: string[] = [];
      let batchesLeft = 30;
      const rebuild = (async () => {
        while (batchesLeft-- > 0) {
          await writeQueue.transaction(
            async () => {
              // A batch's work, synchronous like SQLite's, and long enough to end its group.
              const until = performance.now() + t.app.get(AppConfig).WRITE_GROUP_MAX_MS + 2;
              while (performance.now() < until);
              ran.push('batch');
            },
            { sheddable: false },
          );
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 10)); // the rebuild is under way
      await Promise.all(
        [1, 2, 3].map((n) => writeQueue.transaction(async () => ran.push(`command ${n}`))),
      );
      expect(batchesLeft).toBeGreaterThan(0); // the commands did not wait for the end
      await rebuild;
      expect(ran.filter((job) => job === 'batch')).toHaveLength(30);
    });
  });

  describe('durability', () => {
    let t: TestApp | undefined;
    afterEach(() => t?.close());

    it.each([
      [{}, 2], // FULL: the WAL is synced at every commit (bench/ counts the fsyncs)
      [{ SQLITE_SYNCHRONOUS: 'normal' }, 1],
    ])('writes with the synchronous level configured (%j gives %d)', async (env, level) => {
      t = await createTestApp(env);
      const [row] = await t.app
        .get(DataSource)
        .query<{ synchronous: number }[]>('PRAGMA synchronous');
      expect(row.synchronous).toBe(level);
    });
  });

  describe('when SQLite rolls a group back by itself', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ WRITE_GROUP_MAX_MS: '1000', READ_VIEW: 'false' }); // one group, as above
    });
    afterAll(() => t.close());

    it('answers the failing command its real error, undoes and refuses its neighbours (503), and goes on with the rest', async () => {
      const db = t.app.get(DataSource);
      // What a full disk or an I/O error can do mid-transaction: SQLite ends it by itself.
      await db.query(
        `CREATE TEMP TRIGGER simulated_failure BEFORE INSERT ON products WHEN NEW.sku = 'R-2'
         BEGIN SELECT RAISE(ROLLBACK, 'simulated: database or disk is full'); END`,
      );
      const unitOfWork = t.app.get(UnitOfWork);
      try {
        const outcomes = await Promise.allSettled(
          ['R-1', 'R-2', 'R-3'].map((sku) => unitOfWork.run(writeProduct(sku))),
        );
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          'rejected',
          'rejected',
          'fulfilled',
        ]);
        const [undone, failed] = outcomes.map((o) => (o as PromiseRejectedResult).reason as Error);
        expect(failed.message).toMatch(/simulated: database or disk is full/);
        expect(undone).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 1 });
        expect(undone.message).not.toMatch(/cannot rollback/);
      } finally {
        await db.query('DROP TRIGGER simulated_failure');
      }
      const [{ skus }] = await db.query<{ skus: string }[]>(
        "SELECT group_concat(sku) AS skus FROM products WHERE sku LIKE 'R-%'",
      );
      expect(skus).toBe('R-3');
    });
  });

  describe('an idle app', () => {
    let t: TestApp;
    afterAll(() => t.close());

    it('queues no write for a poll that finds nothing new, and still applies the next event', async () => {
      // Each poll used to run a batch per projection: two jobs in the write queue a second
      // with nothing to apply, taking places a full queue counts.
      t = await createTestApp({ PROJECTION_POLL_MS: '50' });
      await new Promise((resolve) => setTimeout(resolve, 200)); // start-up's own catch-up ends
      const statements = countStatements(t.app.get(DataSource).createQueryRunner());
      try {
        await new Promise((resolve) => setTimeout(resolve, 500)); // about ten polls
        expect(statements.begins()).toBe(0);
      } finally {
        statements.restore();
      }
      const created = await t.http
        .post('/products')
        .send({ sku: 'IDLE-1', name: 'Cup', priceCents: 100 })
        .expect(201);
      await eventually(async () => {
        const metrics = await t.http.get('/metrics').expect(200);
        for (const name of ['order_list_by_customer', 'product_sales']) {
          expect(metrics.text).toContain(
            `projection_position{projection="${name}"} ${created.body.position as number}`,
          );
        }
      });
    });
  });

  describe('under overload', () => {
    let t: TestApp;
    afterEach(() => t.close());

    it('answers 503 with Retry-After, and writes nothing, to a write that finds the queue full', async () => {
      // No projection runner: its batches would take places in the queue too.
      t = await createTestApp({ WRITE_QUEUE_MAX_LENGTH: '5', READ_VIEW: 'false' });
      const queue = t.app.get(WriteQueue);
      const writer = holdTheWriter(queue, { sheddable: false });
      await writer.open;
      const posts = Array.from({ length: 12 }, (_, i) =>
        t.http.post('/products').send({ sku: `Q-${i}`, name: 'Cup', priceCents: 100 }),
      );
      // supertest sends on then(): start them all, and wait until the server has queued or
      // refused each of them (a fixed sleep could end first on a loaded machine).
      const pending = posts.map((post) => post.then((response) => response));
      await eventually(async () => {
        expect(queue.waiting).toBe(5);
        expect(queue.shedCount).toBe(7);
      });
      writer.release();
      await writer.held;
      const responses = await Promise.all(pending);

      const refused = responses.filter((response) => response.status === 503);
      expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
      expect(refused).toHaveLength(7);
      for (const response of refused) {
        expect(response.headers['retry-after']).toBe('1');
        expect(response.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringMatching(/Too many writes are waiting; nothing was changed/),
        });
      }
      const products = await t.http.get('/products?limit=100').expect(200);
      expect((products.body as { items: unknown[] }).items).toHaveLength(5);
      const metrics = await t.http.get('/metrics').expect(200);
      expect(metrics.text).toMatch(/^write_queue_shed_total 7$/m);
      // Nothing is left waiting. Not checked in the same scrape: the five writes wake both
      // projections, and one's batch may wait while the other's runs (seen in CI).
      await eventually(async () => {
        const drained = await t.http.get('/metrics').expect(200);
        expect(drained.text).toMatch(/^write_queue_waiting 0$/m);
      });
    });

    it('answers 503 to a write that waited longer than WRITE_QUEUE_MAX_WAIT_MS, and still serves reads meanwhile', async () => {
      t = await createTestApp({ WRITE_QUEUE_MAX_WAIT_MS: '100', READ_VIEW: 'false' });
      const queue = t.app.get(WriteQueue);
      const writer = holdTheWriter(queue, { sheddable: false });
      await writer.open;
      const post = t.http
        .post('/products')
        .send({ sku: 'W-1', name: 'Cup', priceCents: 100 })
        .then((response) => response);
      await eventually(async () => expect(queue.waiting).toBe(1)); // it has reached the queue
      await new Promise((resolve) => setTimeout(resolve, 200)); // and waits past the bound
      await t.anonymous.get('/health').expect(200); // the writer is held, reads go on
      writer.release();
      await writer.held;

      const response = await post;
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      await t.http.get('/products?limit=100').expect(200, { items: [], nextCursor: null });
    });
  });

  describe('when SQLite fails and rolls back by itself', () => {
    let t: TestApp;
    afterEach(() => t.close());

    it('reports the real error (database or disk is full) as 503, not a failed ROLLBACK', async () => {
      t = await createTestApp();
      const db = t.app.get(DataSource);
      await t.http.post('/products').send({ sku: 'D-0', name: 'Cup', priceCents: 100 }).expect(201);
      // The write connection may not grow the file any further: the next page it needs fails.
      const [{ page_count: pages }] = await db.query<{ page_count: number }[]>('PRAGMA page_count');
      await db.query(`PRAGMA max_page_count = ${pages}`);
      const logged: string[] = [];
      const original = Logger.prototype.warn;
      Logger.prototype.warn = function (message: unknown, ...rest: unknown[]) {
        logged.push(JSON.stringify([message, ...rest]));
      };
      try {
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            t.http
              .post('/products')
              .send({ sku: `D-${i + 1}`, name: 'x'.repeat(200), priceCents: 100 }),
          ),
        );
        // Some may still fit in the last page; the rest find the database full.
        const refused = responses.filter((response) => response.status === 503);
        expect(responses.filter((response) => ![201, 503].includes(response.status))).toEqual([]);
        expect(refused.length).toBeGreaterThan(0);
        expect(refused[0].headers['retry-after']).toBe('1');
      } finally {
        Logger.prototype.warn = original;
        await db.query('PRAGMA max_page_count = 1073741823');
      }
      expect(logged.join('\n')).toMatch(/database or disk is full/);
      expect(logged.join('\n')).not.toMatch(/cannot rollback/);
      // Once there is room again, writes pass.
      await t.http
        .post('/products')
        .send({ sku: 'D-99', name: 'Cup', priceCents: 100 })
        .expect(201);
    });
  });
});
