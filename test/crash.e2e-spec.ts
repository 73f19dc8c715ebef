import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  type AppProcess,
  http,
  type HttpAnswer,
  inParallel,
  startApp,
  stopApp,
  waitForHttp,
} from './support/app-process.js';
import { eventually, withoutPosition } from './support/builders.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

/**
 * README, "Operations" (kill -9): `kill -9` at any moment; after a restart
 * the write model holds every acknowledged command, the event log holds exactly their
 * events, and the read view converges to exactly what the write model says.
 *
 * The built app runs as a child process (`node dist/src/main.js`) and is killed with
 * SIGKILL while concurrent requests are in flight: no shutdown hook runs, open
 * transactions die with the process. The database is then read directly, and through a
 * restarted app on the same database.
 */

/** Concurrent request loops while placing orders, and while changing statuses (cheaper). */
const ORDER_WORKERS = 8;
const STATUS_WORKERS = 16;
// Up to three load-kill-restart rounds, each restart a cold start: minutes on a busy shared machine.
const TIMEOUT_MS = 240_000;
const ORDER_EVENTS = ['OrderPlaced', 'OrderCancelled', 'OrderShipped'] as const;

interface Sql {
  query<T = Record<string, unknown>>(text: string, parameters?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Raw SQL on the app's database, from outside the app; `?` placeholders on both databases. */
async function connect(env: Record<string, string>): Promise<Sql> {
  if (TEST_DB === 'postgres') {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    return {
      query: async <T>(text: string, parameters: unknown[] = []) => {
        let index = 0;
        const dialectText = text.replace(/\?/g, () => `$${++index}`);
        return (await client.query(dialectText, parameters)).rows as T[];
      },
      close: () => client.end(),
    };
  }
  const db = new Database(env.SQLITE_PATH, { readonly: true, fileMustExist: true });
  return {
    query: async <T>(text: string, parameters: unknown[] = []) =>
      db.prepare(text).all(...parameters) as T[],
    close: async () => void db.close(),
  };
}

interface BurstResult<T> {
  /** Requests answered with the expected status before the kill, with their answers. */
  acknowledged: { request: T; answer: HttpAnswer }[];
  /** Requests that were sent before the kill and never answered. */
  cutOff: number;
  /** Anything else: another status, or a broken connection before the kill. */
  unexpected: string[];
}

interface BurstOptions<T> {
  workers: number;
  /** The next request to send; undefined when there is none left. */
  next: () => T | undefined;
  send: (request: T) => Promise<HttpAnswer>;
  expectedStatus: number;
  /** Called at the start of a burst: when to kill, from what that burst has seen so far. */
  killCondition: () => (acknowledged: number, elapsedMs: number) => boolean;
}

/**
 * `workers` loops send requests one after another until the app is killed with SIGKILL.
 * Once the kill condition holds after an answer, the kill lands a few milliseconds after
 * the next request leaves, not at once: the app group-commits, so the answer that met the
 * condition usually arrives with the answers to every other request in flight, and a kill
 * at that instant would find nothing unanswered. Resolves once the process is gone and
 * every worker has stopped.
 */
async function burstThenKill<T>(
  app: AppProcess,
  { workers, next, send, expectedStatus, killCondition }: BurstOptions<T>,
): Promise<BurstResult<T>> {
  const killWhen = killCondition();
  const result: BurstResult<T> = { acknowledged: [], cutOff: 0, unexpected: [] };
  const startedAt = Date.now();
  let killed = false;
  let armed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    app.child.kill('SIGKILL');
  };
  const safetyNet = setTimeout(kill, 20_000); // a hung app must not hang the test
  const worker = async () => {
    while (!killed) {
      const request = next();
      if (request === undefined) return;
      if (armed) setTimeout(kill, 2 + Math.random() * 4); // while this request is in the app
      try {
        const answer = await send(request);
        if (answer.status === expectedStatus) result.acknowledged.push({ request, answer });
        else result.unexpected.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      } catch (error) {
        if (killed) result.cutOff += 1;
        else result.unexpected.push(`connection failed before the kill: ${String(error)}`);
        return;
      }
      if (killWhen(result.acknowledged.length, Date.now() - startedAt)) armed = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    kill(); // also when the burst ran out of requests before the condition held
    clearTimeout(safetyNet);
  }
  await app.exited;
  expect(app.child.signalCode).toBe('SIGKILL');
  return result;
}

describe(`kill -9 under load (${TEST_DB})`, () => {
  let database: TestDatabase | undefined;
  let sql: Sql | undefined;
  const apps: AppProcess[] = [];
  /** The app that serves the next step (the latest restart). */
  let app: AppProcess;
  const customers: { id: string }[] = [];

  /** Starts the built app on the test database; every start is stopped in afterAll. */
  async function start(env: Record<string, string> = {}): Promise<AppProcess> {
    const started = await startApp({ ...database!.env, ...env }, { waitUntilReady: false });
    apps.push(started);
    await waitForHttp(started);
    return started;
  }

  /**
   * Load, kill -9, restart on the same database, and again if the kill cut off no request
   * in flight: when the test process is slow to send (a busy machine), the app can have
   * answered everything it was sent at the instant of the kill, which proves nothing.
   * Leaves `app` restarted; answers everything acknowledged over all rounds.
   */
  async function killMidBurstAndRestart<T>(options: BurstOptions<T>): Promise<BurstResult<T>> {
    const total: BurstResult<T> = { acknowledged: [], cutOff: 0, unexpected: [] };
    for (let round = 1; round <= 3 && total.cutOff === 0; round++) {
      const burst = await burstThenKill(app, options);
      total.acknowledged.push(...burst.acknowledged);
      total.cutOff += burst.cutOff;
      total.unexpected.push(...burst.unexpected);
      app = await start(); // same database, same environment
    }
    return total;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(apps.map((started) => stopApp(started)));
    await sql?.close();
    await database?.drop();
  });

  /** Waits until the read view has applied the whole log, and checks it reports no error. */
  async function projectionsCaughtUp(on: AppProcess): Promise<void> {
    await eventually(async () => {
      const answer = await http(on, 'GET', '/ops/projections');
      expect(answer.status).toBe(200);
      const view = (answer.body as { name: string; lag: number; lastError: string | null }[]).find(
        (projection) => projection.name === 'order_list_by_customer',
      );
      expect({ lag: view?.lag, lastError: view?.lastError }).toEqual({ lag: 0, lastError: null });
    }, 120_000);
  }

  /** Every page of GET /customers/:id/orders (limit=100, following nextCursor). */
  async function allCustomerOrders(on: AppProcess, customerId: string, source: string) {
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const answer = await http(on, 'GET', `/customers/${customerId}/orders?limit=100${query}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-read-source')).toBe(source);
      const page = answer.body as { items: unknown[]; nextCursor: string | null };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * What must hold after any crash, once restarted: the log holds exactly the events of
   * the orders in the write model (one OrderPlaced each, one status event per status
   * change, nothing for an order that is not there), and the view converges to exactly
   * the write model, row for row, and through the HTTP API.
   */
  async function expectLogAndViewMatchWriteModel(): Promise<void> {
    const db = sql!;
    const orders = await db.query<{ id: string; status: string; version: number }>(
      'SELECT id, status, version FROM orders ORDER BY id',
    );
    const events = await db.query<{ streamId: string; type: string; n: number | string }>(
      `SELECT stream_id AS "streamId", type, COUNT(*) AS n FROM event_log
       WHERE type IN (${ORDER_EVENTS.map(() => '?').join(', ')})
       GROUP BY stream_id, type`,
      [...ORDER_EVENTS],
    );
    const logged = new Map<string, Record<string, number>>();
    for (const { streamId, type, n } of events) {
      logged.set(streamId, { ...logged.get(streamId), [type]: Number(n) });
    }
    const expectedEvents = (status: string) => ({
      OrderPlaced: 1,
      ...(status === 'cancelled' ? { OrderCancelled: 1 } : {}),
      ...(status === 'shipped' ? { OrderShipped: 1 } : {}),
    });
    const logMismatches = orders
      .filter(({ id, status }) => !isDeepStrictEqual(logged.get(id), expectedEvents(status)))
      .map(({ id, status }) => ({ id, status, logged: logged.get(id) ?? {} }));
    expect(logMismatches).toEqual([]);
    const orderIds = new Set(orders.map((order) => order.id));
    expect([...logged.keys()].filter((streamId) => !orderIds.has(streamId))).toEqual([]);
    // version counts the order's events: 1 when placed, +1 per status change.
    expect(
      orders.filter(({ version, status }) => Number(version) !== (status === 'placed' ? 1 : 2)),
    ).toEqual([]);
    // No order without its lines: the order row and its lines commit together.
    expect(
      await db.query(
        'SELECT o.id FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id WHERE l.order_id IS NULL',
      ),
    ).toEqual([]);

    await projectionsCaughtUp(app);
    const viewRows = await db.query<{ id: string; status: string }>(
      'SELECT order_id AS id, status FROM order_list_by_customer ORDER BY order_id',
    );
    expect(viewRows).toHaveLength(orders.length);
    expect(viewRows).toEqual(orders.map(({ id, status }) => ({ id, status })));
    const [checkpoint] = await db.query<{ position: number | string }>(
      "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
    );
    const [head] = await db.query<{ head: number | string }>(
      'SELECT MAX(position) AS head FROM event_log',
    );
    expect(Number(checkpoint.position)).toBe(Number(head.head));

    // The API answers the same from the view as a READ_VIEW=false start from the write tables.
    const fromView = await inParallel(customers, 3, ({ id }) => allCustomerOrders(app, id, 'view'));
    const writeModelApp = await start({ READ_VIEW: 'false' });
    try {
      const fromWriteModel = await inParallel(customers, 3, ({ id }) =>
        allCustomerOrders(writeModelApp, id, 'write-model'),
      );
      expect(fromView).toEqual(fromWriteModel);
      expect(fromView.flat()).toHaveLength(orders.length);
    } finally {
      await stopApp(writeModelApp, 'SIGTERM');
    }

    for (const started of apps) {
      expect(started.output()).not.toMatch(/stopped at an event|recovered after/);
    }
  }

  it(
    'keeps every acknowledged order, and exactly its event, when killed while placing orders',
    async () => {
      app = await start();
      for (const n of [1, 2, 3]) {
        const customer = await http(app, 'POST', '/customers', {
          name: `Customer ${n}`,
          email: `crash-${n}-${process.pid}@example.org`,
          password: 'crash-test-password',
        });
        expect(customer.status).toBe(201);
        customers.push(customer.body as { id: string });
      }
      const products: { id: string }[] = [];
      for (const [name, priceCents] of [
        ['Cup', 1250],
        ['Saucer', 800],
      ] as const) {
        const product = await http(app, 'POST', '/products', {
          sku: `CRASH-${name}-${process.pid}`,
          name,
          priceCents,
        });
        expect(product.status).toBe(201);
        products.push(product.body as { id: string });
      }

      let sent = 0;
      const placing = await killMidBurstAndRestart({
        workers: ORDER_WORKERS,
        next: () => {
          const n = sent++;
          return {
            customerId: customers[n % customers.length].id,
            lines: [
              { productId: products[0].id, quantity: 1 + (n % 5) },
              ...(n % 2 ? [{ productId: products[1].id, quantity: 2 }] : []),
            ],
          };
        },
        send: (body) => http(app, 'POST', '/orders', body),
        expectedStatus: 201,
        killCondition: () => (acknowledged, elapsedMs) => acknowledged >= 20 && elapsedMs >= 1200,
      });
      expect(placing.unexpected).toEqual([]);
      expect(placing.acknowledged.length).toBeGreaterThanOrEqual(20);
      expect(placing.cutOff).toBeGreaterThan(0); // the kill hit requests in flight

      sql = await connect(database!.env);

      // Every order answered 201 is there, exactly as answered.
      const lost = (
        await inParallel(placing.acknowledged, ORDER_WORKERS, async ({ request, answer }) => {
          expect(answer.body).toMatchObject({
            customerId: request.customerId,
            status: 'placed',
            lines: request.lines.map((line): unknown => expect.objectContaining(line)),
          });
          return mismatchOnReread(app, answer.body.id, answer.body);
        })
      ).filter((mismatch) => mismatch !== undefined);
      expect(lost).toEqual([]);

      // The position each 201 carried is that order's OrderPlaced.
      const atPositions = await eventsAt(
        sql,
        placing.acknowledged.map(({ answer }) => Number(answer.body.position)),
      );
      expect(atPositions).toEqual(
        placing.acknowledged.map(({ answer }) => ({
          position: Number(answer.body.position),
          type: 'OrderPlaced',
          streamId: answer.body.id,
        })),
      );

      await expectLogAndViewMatchWriteModel();
    },
    TIMEOUT_MS,
  );

  it(
    'keeps every acknowledged cancel and ship, and exactly their events, when killed while changing statuses',
    async () => {
      expect(sql).toBeDefined(); // continues on the database the previous test left
      const targets = (
        await sql!.query<{ id: string }>(
          "SELECT id FROM orders WHERE status = 'placed' ORDER BY id",
        )
      ).map(({ id }, index) => ({ id, action: index % 4 === 3 ? 'ship' : 'cancel' }));
      expect(targets.length).toBeGreaterThanOrEqual(20);

      let sent = 0;
      const changing = await killMidBurstAndRestart({
        workers: STATUS_WORKERS,
        next: () => targets[sent++],
        send: ({ id, action }) => http(app, 'POST', `/orders/${id}/${action}`),
        expectedStatus: 200,
        // Kill a third of the way through what is left: most of it is still to come or in flight.
        killCondition: () => {
          const threshold = Math.ceil((targets.length - sent) / 3);
          return (acknowledged) => acknowledged >= threshold;
        },
      });
      expect(changing.unexpected).toEqual([]);
      expect(changing.cutOff).toBeGreaterThan(0);

      const lost = (
        await inParallel(changing.acknowledged, ORDER_WORKERS, async ({ request, answer }) => {
          expect(answer.body.status).toBe(request.action === 'ship' ? 'shipped' : 'cancelled');
          return mismatchOnReread(app, request.id, answer.body);
        })
      ).filter((mismatch) => mismatch !== undefined);
      expect(lost).toEqual([]);

      const atPositions = await eventsAt(
        sql!,
        changing.acknowledged.map(({ answer }) => Number(answer.body.position)),
      );
      expect(atPositions).toEqual(
        changing.acknowledged.map(({ request, answer }) => ({
          position: Number(answer.body.position),
          type: request.action === 'ship' ? 'OrderShipped' : 'OrderCancelled',
          streamId: request.id,
        })),
      );

      await expectLogAndViewMatchWriteModel();
    },
    TIMEOUT_MS,
  );
});

/** The event at each position (in the given order): what a command's `position` points at. */
async function eventsAt(
  sql: Sql,
  positions: number[],
): Promise<{ position: number; type: string; streamId: string }[]> {
  const rows = await sql.query<{ position: number | string; type: string; streamId: string }>(
    'SELECT position, type, stream_id AS "streamId" FROM event_log',
  );
  const byPosition = new Map(rows.map((row) => [Number(row.position), row]));
  return positions.map((position) => {
    const row = byPosition.get(position);
    return { position, type: row?.type ?? '(none)', streamId: row?.streamId ?? '(none)' };
  });
}

/**
 * An acknowledged order as GET /orders/:id reads it now: undefined when it is exactly what
 * the command answered (position aside), else both, for the failure message.
 */
async function mismatchOnReread(
  app: AppProcess,
  orderId: string,
  answered: { position?: unknown },
): Promise<{ answered: unknown; nowReads: string } | undefined> {
  const read = await http(app, 'GET', `/orders/${orderId}`);
  return read.status === 200 && isDeepStrictEqual(read.body, withoutPosition(answered))
    ? undefined
    : { answered, nowReads: `${read.status} ${JSON.stringify(read.body)}` };
}
