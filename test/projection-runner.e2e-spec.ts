import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { OrderPlacedEvent } from '../src/modules/orders/contracts/order-placed.event.js';
import { OrderListByCustomerProjection } from '../src/modules/orders/projections/order-list-by-customer.projection.js';
import { EventLog } from '../src/shared/event-log/event-log.js';
import { notificationPayload } from '../src/shared/event-log/event-log-notification.js';
import { ReadDatabase } from '../src/shared/database/read-database.js';
import { WriteQueue } from '../src/shared/database/write-queue.js';
import { Projection } from '../src/shared/projections/projection.js';
import type { ProjectionStatus } from '../src/shared/projections/projection-status.js';
import { ProjectionCheckpoints } from '../src/shared/projections/projection-checkpoints.js';
import { ProjectionRebuilder } from '../src/shared/projections/projection-rebuilder.js';
import {
  COALESCE_MS,
  ProjectionRunner,
  retryDelayMs,
  UNAVAILABLE_RETRY_MAX_MS,
} from '../src/shared/projections/projection-runner.js';
import { aProduct, aShop, eventually as eventuallyWithin, placeOrder } from './support/builders.js';
import { createHandlerTestModule } from './support/handler-test-module.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';

const VIEW = 'order_list_by_customer';
/**
 * READ_WAIT_MS for tests that need the view's answer to a minPosition: a batch slow to commit
 * on a loaded machine must not turn it into the write model's. A read waits only until the
 * view has reached its position, so it costs nothing when the view is on time.
 */
const LONG_WAIT_MS = '10000';

/** The shared `eventually`, with 10 s by default: a retry's backoff, a batch on a loaded machine. */
const eventually = <T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> =>
  eventuallyWithin(check, timeoutMs);

/** An event the orders view handles. */
type LoggedEvent = Parameters<OrderListByCustomerProjection['apply']>[1];

/** The real projection, which a test can make fail on the events it chooses. */
class FailureInjectingProjection extends OrderListByCustomerProjection {
  failWhen: ((event: LoggedEvent) => boolean) | null = null;
  /** What it throws when `failWhen` says so. */
  failure = (event: LoggedEvent): Error => new Error(`injected failure at order ${event.streamId}`);
  /** Called after each event it applied. */
  onApplied: ((event: LoggedEvent) => void) | null = null;

  override async apply(manager: EntityManager, event: LoggedEvent): Promise<void> {
    if (this.failWhen?.(event)) throw this.failure(event);
    await super.apply(manager, event);
    this.onApplied?.(event);
  }

  /** One at a time through `apply`, whatever the batch: a failure can be injected at any event. */
  override async applyAll(manager: EntityManager, events: readonly LoggedEvent[]): Promise<void> {
    for (const event of events) await this.apply(manager, event);
  }
}

/** A test app whose orders view is `projection`, for the test to make it fail. */
const withProjection = (projection: FailureInjectingProjection, env: Record<string, string> = {}) =>
  createTestApp(env, (builder) =>
    builder.overrideProvider(OrderListByCustomerProjection).useValue(projection),
  );

const projectionStatus = async (t: TestApp) => {
  const response = await t.http.get('/ops/projections').expect(200);
  return (response.body as ProjectionStatus[]).find((p) => p.name === VIEW)!;
};

/** An OrderPlaced event for a test to append to the log itself, bypassing the command. */
const anOrderPlaced = (orderId: string, customerId: string) =>
  new OrderPlacedEvent(orderId, {
    orderId,
    customerId,
    placedAt: new Date().toISOString(),
    totalCents: 100,
    lines: [{ productId: customerId, productName: 'Cup', quantity: 1, unitPriceCents: 100 }],
  });

const viewOrderIds = async (t: TestApp) => {
  const rows = await t.app
    .get(DataSource)
    .query<{ order_id: string }[]>(`SELECT order_id FROM ${VIEW}`);
  return rows.map((row) => row.order_id).sort();
};

describe('the order_list_by_customer projection and its runner', () => {
  describe('when an event cannot be applied', () => {
    let t: TestApp;
    const projection = new FailureInjectingProjection();
    beforeAll(async () => {
      t = await withProjection(projection, { READ_WAIT_MS: '200' });
    });
    afterAll(() => t.close());

    it('stops at that event, reports it, answers 503 on /health, falls back for read-your-writes, and resumes by itself', async () => {
      const { customer, cup } = await aShop(t.http);
      const before = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      await eventually(async () =>
        expect((await projectionStatus(t)).position).toBe(before.position),
      );
      await t.http
        .get('/health')
        .expect(200)
        .expect((r) =>
          expect(r.body).toMatchObject({ status: 'ok', info: { projections: { status: 'up' } } }),
        );

      // The next order (of quantity 2) cannot be applied; the one after it must wait behind it.
      projection.failWhen = (event) =>
        event.type === 'OrderPlaced' &&
        (event.payload as { lines: { quantity: number }[] }).lines[0].quantity === 2;
      const stuck = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 2 }]);
      const after = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 3 }]);

      const failing = await eventually(async () => {
        const status = await projectionStatus(t);
        expect(status.lastError).toContain(`injected failure at order ${stuck.id}`);
        return status;
      });
      expect(failing.position).toBe(stuck.position - 1);
      expect(failing.lag).toBe(after.position - failing.position);
      expect(failing.lagMs).toBeGreaterThanOrEqual(0);
      expect(await viewOrderIds(t)).toEqual([before.id]);
      // The public answer names the projection; the error itself is for staff (/ops/projections).
      const health = await t.http.get('/health').expect(503);
      expect(health.body.message).toEqual(['projection order_list_by_customer is failing']);
      expect(JSON.stringify(health.body)).not.toContain('injected failure');

      const readYourWrite = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${after.position}`)
        .expect(200);
      expect(readYourWrite.headers['x-read-source']).toBe('write-model');
      expect(Number(readYourWrite.headers['x-read-position'])).toBeGreaterThanOrEqual(
        after.position,
      );
      expect(
        (readYourWrite.body.items as { orderId: string }[]).map((item) => item.orderId),
      ).toEqual(expect.arrayContaining([before.id, stuck.id, after.id]));
      const stale = await t.http.get(`/customers/${customer.id}/orders`).expect(200);
      expect(stale.headers['x-read-source']).toBe('view');
      expect(Number(stale.headers['x-read-position'])).toBe(stuck.position - 1);

      projection.failWhen = null; // the cause goes away
      await eventually(async () => {
        const status = await projectionStatus(t);
        expect(status).toMatchObject({
          position: after.position,
          lag: 0,
          lagMs: 0,
          lastError: null,
        });
      }, 15_000);
      expect(await viewOrderIds(t)).toEqual([before.id, stuck.id, after.id].sort());
      await t.http.get('/health').expect(200);
    });
  });

  describe('while the database is unavailable', () => {
    let t: TestApp;
    const projection = new FailureInjectingProjection();
    beforeAll(async () => {
      t = await withProjection(projection);
    });
    afterAll(() => t.close());

    it('retries at least every second, and an event committed meanwhile ends the wait at once', async () => {
      const { customer, cup } = await aShop(t.http);
      const runner = t.app.get(ProjectionRunner);
      const wake = runner.wake.bind(runner);
      const applyBatch = runner.applyBatch.bind(runner);
      // The database comes back the moment a command's event wakes the runner (once the test
      // says so). Only a batch that starts after that finds it back: a retry already under
      // way, or due before, fails like the ones before it, and only moves lastFailureAt.
      let backOnNextEvent = false;
      let databaseBack = false;
      let batchFindsItBack = false;
      runner.wake = (name, cause) => {
        if (cause === 'event' && backOnNextEvent) databaseBack = true;
        wake(name, cause);
      };
      runner.applyBatch = (projection, size, options) => {
        if (projection.name === VIEW) batchFindsItBack = databaseBack;
        return applyBatch(projection, size, options);
      };
      // What pg throws when the server is gone: the runner must read it as "unavailable".
      let failedAttempts = 0;
      let lastFailureAt = 0;
      projection.failWhen = () => {
        if (batchFindsItBack) return false;
        failedAttempts += 1;
        lastFailureAt = Date.now();
        return true;
      };
      projection.failure = () =>
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      try {
        const stuck = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
        // Five failures: the backoff has reached its cap for an unavailable database.
        await eventually(async () => expect(failedAttempts).toBeGreaterThanOrEqual(5), 15_000);
        expect(retryDelayMs(failedAttempts, true)).toBe(UNAVAILABLE_RETRY_MAX_MS);

        // The database is back; a command commits. Its event, not the retry due a second after
        // the last failure, is what sets the projection runner going again: the only batch
        // that can succeed is applied within a second of the last failure only if the event
        // started it.
        let appliedAt = 0;
        projection.onApplied = () => (appliedAt ||= Date.now());
        backOnNextEvent = true;
        const next = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 2 }]);
        await eventually(async () =>
          expect(await projectionStatus(t)).toMatchObject({
            position: next.position,
            lastError: null,
          }),
        );
        expect(appliedAt - lastFailureAt).toBeLessThan(UNAVAILABLE_RETRY_MAX_MS);
        expect(await viewOrderIds(t)).toEqual([stuck.id, next.id].sort());
      } finally {
        runner.wake = wake;
        runner.applyBatch = applyBatch;
      }
    });
  });

  describe('read-your-writes', () => {
    let t: TestApp;
    const projection = new FailureInjectingProjection();
    beforeAll(async () => {
      // Long: these tests need the view's answer, even from a batch slow to commit.
      t = await withProjection(projection, { READ_WAIT_MS: LONG_WAIT_MS });
    });
    afterAll(() => t.close());

    it('answers from the view once it has reached minPosition', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      const response = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${order.position}`)
        .expect(200);
      expect(response.headers['x-read-source']).toBe('view');
      expect(Number(response.headers['x-read-position'])).toBeGreaterThanOrEqual(order.position);
      expect(response.body.items[0]).toMatchObject({ orderId: order.id, status: 'placed' });
    });

    it('reads only the events it handles, and its checkpoint moves past the others', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      const applied: string[] = [];
      projection.onApplied = (event) => applied.push(event.type);
      try {
        const product = await t.http.post('/products').send(aProduct()).expect(201);
        const position = (product.body as { position: number }).position;
        expect(position).toBeGreaterThan(order.position);

        // Read-your-writes on a position only other events reach: the view answers it.
        const response = await t.http
          .get(`/customers/${customer.id}/orders?minPosition=${position}`)
          .expect(200);
        expect(response.headers['x-read-source']).toBe('view');
        expect(Number(response.headers['x-read-position'])).toBeGreaterThanOrEqual(position);
        expect(applied).not.toContain('ProductCreated');
      } finally {
        projection.onApplied = null;
      }
    });

    it('answers 400 for a bad minPosition', async () => {
      const { customer } = await aShop(t.http);
      for (const bad of ['-1', 'abc', '1.5']) {
        await t.http.get(`/customers/${customer.id}/orders?minPosition=${bad}`).expect(400);
      }
    });
  });

  describe('read-your-writes with a short READ_WAIT_MS', () => {
    let t: TestApp;
    const projection = new FailureInjectingProjection();
    beforeAll(async () => {
      t = await withProjection(projection, { READ_WAIT_MS: '300' });
    });
    afterAll(() => t.close());

    it('waits at most READ_WAIT_MS for a view held back, then answers from the write model', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 4 }]);
      projection.failWhen = (event) =>
        event.type === 'OrderCancelled' && event.streamId === order.id;
      const cancelled = await t.http.post(`/orders/${order.id}/cancel`).expect(200);
      await eventually(async () => expect((await projectionStatus(t)).lastError).not.toBeNull());

      const started = Date.now();
      const response = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${cancelled.body.position}`)
        .expect(200);
      const waited = Date.now() - started;
      expect(response.headers['x-read-source']).toBe('write-model');
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(
        (response.body.items as { orderId: string }[]).find((item) => item.orderId === order.id),
      ).toMatchObject({
        status: 'cancelled',
      });

      projection.failWhen = null;
      await eventually(
        async () => expect(await projectionStatus(t)).toMatchObject({ lag: 0, lastError: null }),
        15_000,
      );
      const fromView = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${cancelled.body.position}`)
        .expect(200);
      expect(fromView.headers['x-read-source']).toBe('view');
      expect(fromView.body).toEqual(response.body);
    });
  });

  describe('under a burst of commands', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('starts a batch no sooner than COALESCE_MS after the last one, and misses no event', async () => {
      const { customer, cup } = await aShop(t.http);
      await eventually(async () => {
        if ((await projectionStatus(t)).lag > 0) throw new Error('the shop is not applied yet');
      });
      const runner = t.app.get(ProjectionRunner);
      const applyBatch = runner.applyBatch.bind(runner);
      const batches: { started: number; ended: number; applied: number }[] = [];
      runner.applyBatch = async (projection, size) => {
        const started = performance.now();
        const applied = await applyBatch(projection, size);
        if (projection.name === VIEW) batches.push({ started, ended: performance.now(), applied });
        return applied;
      };
      try {
        const orders = await Promise.all(
          Array.from({ length: 60 }, () =>
            placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]),
          ),
        );
        const last = Math.max(...orders.map((order) => order.position));
        await eventually(async () => {
          if ((await projectionStatus(t)).position < last) throw new Error('not caught up yet');
        });

        expect(batches.reduce((sum, batch) => sum + batch.applied, 0)).toBe(60);
        // Without coalescing the next batch starts as soon as the last ends, one per event.
        const gaps = batches.slice(1).map((batch, i) => batch.started - batches[i].ended);
        // 1.5 ms of slack: timers fire on the event loop's millisecond clock.
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(COALESCE_MS - 1.5);
        expect(new Set(await viewOrderIds(t))).toEqual(new Set(orders.map((order) => order.id)));
      } finally {
        runner.applyBatch = applyBatch;
      }
    });
  });

  describe('with READ_VIEW=false (level 1)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ READ_VIEW: 'false' });
    });
    afterAll(() => t.close());

    it('answers from the write model and leaves the projection runner idle', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 2 }]);
      const response = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${order.position}`)
        .expect(200);
      expect(response.headers['x-read-source']).toBe('write-model');
      expect(Number(response.headers['x-read-position'])).toBe(order.position);
      expect(response.body.items).toEqual([
        expect.objectContaining({ orderId: order.id, itemCount: 2, totalCents: 2500 }),
      ]);
      expect(await projectionStatus(t)).toMatchObject({ position: 0, lag: order.position });
      expect(await viewOrderIds(t)).toEqual([]);
    });
  });

  describe('during a rolling deploy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('tells the other instances to wake on its commits while another release holds one of its views', async () => {
      const { customer, cup } = await aShop(t.http);
      await eventually(async () => expect((await projectionStatus(t)).lag).toBe(0));
      // It applies its own events: other instances leave them to it.
      expect(notificationPayload()).toMatch(/:projects$/);

      // A newer release has taken the view over: this instance no longer applies it, so its
      // commits must wake the instances that do.
      const db = t.app.get(DataSource);
      await db.query(`UPDATE projection_checkpoints SET version = 99 WHERE name = '${VIEW}'`);
      await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      await eventually(async () => expect(notificationPayload()).not.toMatch(/:projects$/));

      // Its own release again (the deploy rolled back): it applies, and says so again.
      await db.query(`UPDATE projection_checkpoints SET version = 1 WHERE name = '${VIEW}'`);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      await eventually(async () =>
        expect((await projectionStatus(t)).position).toBeGreaterThanOrEqual(order.position),
      );
      expect(notificationPayload()).toMatch(/:projects$/);
    });
  });

  describe('rebuild', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ READ_WAIT_MS: LONG_WAIT_MS }); // its first read needs the view
    });
    afterAll(() => t.close());

    it('rebuilds the view from the log, whatever happened to it', async () => {
      const { customer, cup, saucer } = await aShop(t.http);
      const orders = [];
      for (let i = 0; i < 5; i++) {
        orders.push(
          await placeOrder(t.http, customer.id, [
            { productId: i % 2 ? cup.id : saucer.id, quantity: i + 1 },
          ]),
        );
      }
      const last = await t.http.post(`/orders/${orders[1].id}/ship`).expect(200);
      const expected = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${last.body.position}`)
        .expect(200);
      expect(expected.headers['x-read-source']).toBe('view');

      const runner = t.app.get(ProjectionRunner);
      const projection = runner.projections.find((p) => p.name === VIEW)!;
      const db = t.app.get(DataSource);
      await db.query(`DELETE FROM ${VIEW}`); // the view is lost or corrupted

      const progress: number[] = [];
      const applied = await t.app
        .get(ProjectionRebuilder)
        .rebuild(projection, ({ applied }) => progress.push(applied));
      expect(applied).toBe(last.body.position);
      expect(progress.at(-1)).toBe(applied);
      const rebuilt = await t.http.get(`/customers/${customer.id}/orders`).expect(200);
      expect(rebuilt.body).toEqual(expected.body);
      expect(await projectionStatus(t)).toMatchObject({ position: last.body.position, lag: 0 });
    });
  });

  describe('while a rebuild refills the view', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ READ_WAIT_MS: LONG_WAIT_MS }); // its first read needs the view
    });
    afterAll(() => t.close());

    it('answers from the write model until the rebuild reaches the head of the log', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 2 }]);
      const complete = await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${order.position}`)
        .expect(200);
      expect(complete.headers['x-read-source']).toBe('view');

      // The test plays the runner: stopped, it starts no batch of its own (a poll or a
      // coalesced wake-up would otherwise finish the rebuild before the checks below).
      const runner = t.app.get(ProjectionRunner);
      await runner.beforeApplicationShutdown();
      const projection = runner.projections.find((p) => p.name === VIEW)!;

      // Step 1 of a rebuild: the view is emptied and marked (see ProjectionRebuilder).
      await t.app.get(WriteQueue).transaction(async (manager) => {
        await projection.clear(manager);
        await t.app.get(ProjectionCheckpoints).advance(manager, VIEW, 0, { rebuilding: true });
      });
      const during = await t.http.get(`/customers/${customer.id}/orders`).expect(200);
      expect(during.headers['x-read-source']).toBe('write-model');
      expect(during.body).toEqual(complete.body);
      expect((await projectionStatus(t)).rebuilding).toBe(true);

      while (await runner.applyBatch(projection, 1)) {
        // refill one event at a time
      }
      const after = await t.http.get(`/customers/${customer.id}/orders`).expect(200);
      expect(after.headers['x-read-source']).toBe('view');
      expect(after.body).toEqual(complete.body);
      expect((await projectionStatus(t)).rebuilding).toBe(false);
    });
  });

  describe('on PostgreSQL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    // SQLite has one writer: commits are in order by nature, and the projection runner waits its turn
    // in the WriteQueue by design.
    const onPostgres = TEST_DB === 'postgres' ? it : it.skip;

    onPostgres(
      'never moves its checkpoint past an event whose transaction is still open',
      async () => {
        const db = t.app.get(DataSource);
        const eventLog = t.app.get(EventLog);
        const runner = t.app.get(ProjectionRunner);
        const { customer } = await aShop(t.http);
        const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];

        // Transaction A appends and stays open.
        const a = db.createQueryRunner();
        await a.startTransaction();
        const positionA = await eventLog.append(a.manager, [anOrderPlaced(first, customer.id)]);

        // Transaction B appends after A: it must not get a position and commit before A does.
        const b = db.createQueryRunner();
        await b.startTransaction();
        let positionB: number | null = null;
        const bAppended = eventLog
          .append(b.manager, [anOrderPlaced(second, customer.id)])
          .then((p) => (positionB = p));

        await new Promise((resolve) => setTimeout(resolve, 300));
        runner.wake(VIEW);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(positionB).toBeNull(); // B is still waiting for A
        expect((await projectionStatus(t)).position).toBeLessThan(positionA!);

        await a.commitTransaction();
        await bAppended;
        await b.commitTransaction();
        await Promise.all([a.release(), b.release()]);
        expect(positionB).toBeGreaterThan(positionA!);

        await eventually(async () => expect((await projectionStatus(t)).position).toBe(positionB));
        expect(await viewOrderIds(t)).toEqual(expect.arrayContaining([first, second]));
      },
    );

    onPostgres(
      "applies an event committed while another instance's batch held the checkpoint, when that batch ends, without waiting for a poll",
      async () => {
        // The other instance's batch read the log before this event: skipping would leave the
        // event to the next poll (here ten minutes away; one second by default).
        const app = await createTestApp({ PROJECTION_POLL_MS: '600000' });
        try {
          const { customer, cup } = await aShop(app.http);
          await eventually(async () => expect((await projectionStatus(app)).lag).toBe(0));
          const otherInstance = app.app.get(DataSource).createQueryRunner();
          await otherInstance.startTransaction();
          await otherInstance.query(
            'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
            [VIEW],
          );
          const order = await placeOrder(app.http, customer.id, [
            { productId: cup.id, quantity: 1 },
          ]);
          await new Promise((resolve) => setTimeout(resolve, 300)); // woken meanwhile
          expect((await projectionStatus(app)).position).toBeLessThan(order.position);
          await otherInstance.commitTransaction();
          await otherInstance.release();
          await eventually(
            async () =>
              expect((await projectionStatus(app)).position).toBeGreaterThanOrEqual(order.position),
            3000,
          );
        } finally {
          await app.close();
        }
      },
    );

    onPostgres('applies events while every connection of the write pool is taken', async () => {
      const db = t.app.get(DataSource);
      const runner = t.app.get(ProjectionRunner);
      const { customer } = await aShop(t.http);
      const orderId = crypto.randomUUID();
      const poolSize = (db.options as { extra: { max: number } }).extra.max;
      // Commands under load keep the write pool busy: here, every connection of it is held.
      const held = await Promise.all(
        Array.from({ length: poolSize }, async () => {
          const queryRunner = db.createQueryRunner();
          await queryRunner.connect();
          return queryRunner;
        }),
      );
      try {
        const [writer] = held;
        await writer.startTransaction();
        const position = await t.app
          .get(EventLog)
          .append(writer.manager, [anOrderPlaced(orderId, customer.id)]);
        await writer.commitTransaction(); // its connection stays held
        runner.wake(VIEW);

        // Read on the read connection: the write pool has nothing to spare.
        await eventually(async () =>
          expect((await runner.checkpointSeenByReaders(VIEW)).position).toBe(position),
        );
        const [row] = await t.app
          .get(ReadDatabase)
          .query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${VIEW} WHERE order_id = $1`, [
            orderId,
          ]);
        expect(Number(row.n)).toBe(1);
      } finally {
        await Promise.all(held.map((queryRunner) => queryRunner.release()));
      }
    });
  });
});

describe('projection names', () => {
  /** A projection named `twin`, applying nothing. */
  function twin() {
    @Projection()
    class Twin implements Projection {
      readonly name = 'twin';
      readonly version = 1;
      readonly handles = [];
      async apply(): Promise<void> {}
      async clear(): Promise<void> {}
    }
    return Twin;
  }

  it('refuses to start with two projections of one name (one checkpoint, one view)', async () => {
    await expect(createHandlerTestModule({ providers: [twin(), twin()] })).rejects.toThrow(
      'two projections are named twin: Twin and Twin',
    );
  });
});
