import pg from 'pg';
import {
  type AppProcess,
  http,
  inParallel,
  startApp,
  stopApp,
  waitForHttp,
} from './support/app-process.js';
import { eventually } from './support/builders.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

/**
 * docs/architecture.md, "Scaling out on PostgreSQL": several app instances on one PostgreSQL never apply an event
 * twice. Two built apps (two child processes) share one database; each takes commands
 * and runs its projection runner, and they race for every batch of the read view.
 *
 * Only PostgreSQL can be shared by two app processes (SQLite's write queue is per
 * process, and the deployment model for several instances is PostgreSQL), so on SQLite
 * the whole suite is reported as skipped.
 */
const describeOnPostgres = TEST_DB === 'postgres' ? describe : describe.skip;

const ORDERS = 200;
const CONCURRENCY = 16;
/**
 * More than the test's own waits put together, so that one of them, not jest, reports what
 * went wrong: two cold starts one after the other (up to 45 s each, waitForHttp), the orders,
 * then up to 120 s for both instances to report the view caught up.
 */
const TIMEOUT_MS = 300_000;

interface ProjectionReport {
  name: string;
  position: number;
  headPosition: number;
  lag: number;
  lastError: string | null;
}

describeOnPostgres('two app instances on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  let client: pg.Client | undefined;
  const apps: AppProcess[] = [];

  async function start(): Promise<AppProcess> {
    const app = await startApp(database!.env, { waitUntilReady: false });
    apps.push(app);
    await waitForHttp(app);
    return app;
  }

  const query = async <T>(text: string, parameters: unknown[] = []): Promise<T[]> =>
    (await client!.query(text, parameters)).rows as T[];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => stopApp(app)));
    await client?.end();
    await database?.drop();
  });

  it(
    'both take orders and cancels, and the view holds each order exactly once, as the write model says',
    async () => {
      // One after the other: the first runs the migrations on the empty database.
      const first = await start();
      const second = await start();
      const instances = [first, second];
      client = new pg.Client({ connectionString: database!.env.DATABASE_URL });
      await client.connect();

      const customers = await inParallel([1, 2, 3, 4], 4, async (n) => {
        const answer = await http(instances[n % 2], 'POST', '/customers', {
          name: `Customer ${n}`,
          email: `scale-out-${n}-${process.pid}@example.org`,
          password: 'scale-out-password',
        });
        expect(answer.status).toBe(201);
        return answer.body as { id: string };
      });
      const products = await inParallel(['Cup', 'Saucer'], 2, async (name, n) => {
        const answer = await http(instances[n % 2], 'POST', '/products', {
          sku: `SCALE-${name}-${process.pid}`,
          name,
          priceCents: 1000 + n * 250,
        });
        expect(answer.status).toBe(201);
        return answer.body as { id: string };
      });

      // Order i is placed on one instance and, for some, cancelled or shipped on the other,
      // while other orders are being placed on both: both projection runners see events all along.
      const unexpected: string[] = [];
      const finalStatus = new Map<string, string>();
      await inParallel(
        Array.from({ length: ORDERS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const placedOn = instances[i % 2];
          const other = instances[(i + 1) % 2];
          const placed = await http(placedOn, 'POST', '/orders', {
            customerId: customers[i % customers.length].id,
            lines: [
              { productId: products[0].id, quantity: 1 + (i % 4) },
              ...(i % 3 === 1 ? [{ productId: products[1].id, quantity: 2 }] : []),
            ],
          });
          if (placed.status !== 201) {
            unexpected.push(`POST /orders: ${placed.status} ${JSON.stringify(placed.body)}`);
            return;
          }
          const id = (placed.body as { id: string }).id;
          finalStatus.set(id, 'placed');
          const action = i % 3 === 0 ? 'cancel' : i % 5 === 1 ? 'ship' : undefined;
          if (!action) return;
          const changed = await http(other, 'POST', `/orders/${id}/${action}`);
          if (changed.status !== 200) {
            unexpected.push(`${action}: ${changed.status} ${JSON.stringify(changed.body)}`);
            return;
          }
          finalStatus.set(id, (changed.body as { status: string }).status);
        },
      );
      expect(unexpected).toEqual([]);
      expect(finalStatus.size).toBe(ORDERS);

      // Both instances report the view caught up, and neither has an error.
      await eventually(async () => {
        const reports = await inParallel(instances, 2, async (instance) => {
          const answer = await http(instance, 'GET', '/ops/projections');
          expect(answer.status).toBe(200);
          const view = (answer.body as ProjectionReport[]).find(
            (projection) => projection.name === 'order_list_by_customer',
          );
          return { lag: view?.lag, lastError: view?.lastError };
        });
        expect(reports).toEqual([
          { lag: 0, lastError: null },
          { lag: 0, lastError: null },
        ]);
      }, 120_000);

      const orders = await query<{ id: string; status: string }>(
        'SELECT id, status FROM orders ORDER BY id',
      );
      expect(orders).toHaveLength(ORDERS);
      expect(new Map(orders.map(({ id, status }) => [id, status]))).toEqual(finalStatus);

      // Exactly one view row per order, with the write model's status.
      const viewRows = await query<{ id: string; status: string }>(
        'SELECT order_id AS id, status FROM order_list_by_customer ORDER BY order_id',
      );
      expect(viewRows).toHaveLength(orders.length);
      expect(viewRows).toEqual(orders);
      expect(
        await query(
          'SELECT order_id FROM order_list_by_customer GROUP BY order_id HAVING COUNT(*) > 1',
        ),
      ).toEqual([]);

      // The checkpoint is the head of the log: every event applied, none pending.
      const [positions] = await query<{ checkpoint: string; head: string }>(
        `SELECT (SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer') AS checkpoint,
                (SELECT MAX(position) FROM event_log) AS head`,
      );
      expect(Number(positions.checkpoint)).toBe(Number(positions.head));

      // Both instances answer the same history from the view.
      for (const customer of customers) {
        const [fromFirst, fromSecond] = await inParallel(instances, 2, async (instance) => {
          const answer = await http(instance, 'GET', `/customers/${customer.id}/orders?limit=100`);
          expect(answer.status).toBe(200);
          expect(answer.headers.get('x-read-source')).toBe('view');
          return answer.body as { items: { orderId: string; status: string }[] };
        });
        expect(fromFirst).toEqual(fromSecond);
        expect(fromFirst.items).toHaveLength(ORDERS / customers.length);
        for (const item of fromFirst.items) {
          expect(item.status).toBe(finalStatus.get(item.orderId));
        }
      }

      // A failed batch that later recovered leaves no lastError behind, but does leave its log line.
      for (const instance of instances) {
        expect(instance.output()).not.toMatch(/stopped at an event|recovered after/);
      }
    },
    TIMEOUT_MS,
  );
});
