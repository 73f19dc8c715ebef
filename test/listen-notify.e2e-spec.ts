import pg from 'pg';
import { type AppProcess, http, startApp, stopApp, waitForHttp } from './support/app-process.js';
import { eventually } from './support/builders.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

/**
 * PostgreSQL, two instances: a command committed on one wakes the other's projection runner through
 * LISTEN/NOTIFY, not at its next poll. The writer runs with READ_VIEW=false, so its own
 * projection runner never applies anything; the reader polls only every ten minutes. Whatever the
 * reader applies within seconds, it was told about. SQLite serves one process per database:
 * the suite is reported as skipped there.
 */
const describeOnPostgres = TEST_DB === 'postgres' ? describe : describe.skip;

const VIEW = 'order_list_by_customer';
const ORDERS = 20;
/** Far below the reader's poll (ten minutes): only a notification explains it. */
const PROMPTLY_MS = 5_000;

describeOnPostgres('LISTEN/NOTIFY between two instances', () => {
  let database: TestDatabase;
  let client: pg.Client;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => stopApp(app)));
    await client?.end();
    await database?.drop();
  });

  async function start(env: Record<string, string>): Promise<AppProcess> {
    const app = await startApp({ ...database.env, ...env }, { waitUntilReady: false });
    apps.push(app);
    await waitForHttp(app);
    return app;
  }

  const one = async <T>(sql: string): Promise<T> => (await client.query(sql)).rows[0] as T;
  const checkpoint = async () =>
    Number(
      (
        await one<{ position: string }>(
          `SELECT position FROM projection_checkpoints WHERE name = '${VIEW}'`,
        )
      ).position,
    );

  async function placeOrderOn(app: AppProcess, customerId: string, productId: string) {
    const placed = await http(app, 'POST', '/orders', {
      customerId,
      lines: [{ productId, quantity: 1 }],
    });
    expect(placed.status).toBe(201);
    return placed.body as { id: string; position: number };
  }

  it('applies on the reader what the writer commits, woken by its notification, also after the listener reconnects', async () => {
    const writer = await start({ READ_VIEW: 'false' }); // first: runs the migrations
    const reader = await start({ READ_VIEW: 'true', PROJECTION_POLL_MS: '600000' });
    await client.connect();

    const customer = await http(writer, 'POST', '/customers', {
      name: 'Listener',
      email: `listen-${process.pid}@example.org`,
      password: 'listen-notify-password',
    });
    const product = await http(writer, 'POST', '/products', {
      sku: `LISTEN-${process.pid}`,
      name: 'Bell',
      priceCents: 300,
    });
    expect([customer.status, product.status]).toEqual([201, 201]);
    const [customerId, productId] = [customer.body.id as string, product.body.id as string];

    const placedIds: string[] = [];
    for (let i = 0; i < ORDERS; i += 1) {
      const order = await placeOrderOn(writer, customerId, productId);
      placedIds.push(order.id);
      await eventually(
        async () => expect(await checkpoint()).toBeGreaterThanOrEqual(order.position),
        PROMPTLY_MS,
      );
    }

    // Cut the reader's listening connection, as a database restart would: it reconnects
    // within a second and hears the next commit.
    const listenerPid = async () =>
      (
        await client.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'nest-cqrs-starter-listener' AND datname = current_database()`,
        )
      ).rows.map((row) => row.pid);
    const [cut] = await listenerPid();
    expect(cut).toBeDefined();
    await client.query('SELECT pg_terminate_backend($1)', [cut]);
    await eventually(async () => {
      const pids = await listenerPid();
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(cut);
    }, PROMPTLY_MS);
    const afterReconnect = await placeOrderOn(writer, customerId, productId);
    placedIds.push(afterReconnect.id);
    await eventually(
      async () => expect(await checkpoint()).toBeGreaterThanOrEqual(afterReconnect.position),
      PROMPTLY_MS,
    );
    expect(reader.output()).toContain('lost its connection');

    // No acknowledged order lost, none applied twice, the view is the write model.
    const orders = (await client.query<{ id: string }>('SELECT id FROM orders ORDER BY id')).rows;
    expect(orders.map((order) => order.id)).toEqual([...placedIds].sort());
    const viewIds = (
      await client.query<{ id: string }>(`SELECT order_id AS id FROM ${VIEW} ORDER BY order_id`)
    ).rows;
    expect(viewIds).toEqual(orders);
    const { head } = await one<{ head: string }>('SELECT MAX(position) AS head FROM event_log');
    expect(await checkpoint()).toBe(Number(head));
  });

  it("leaves an instance that projects to apply its own events: only a non-projecting sender's notification wakes the reader", async () => {
    // The reader of the test above (polls every ten minutes). An event appended by hand, of a
    // type the view skips, announced as by an instance that projects: the reader leaves it.
    const head = async () =>
      Number((await one<{ head: string }>('SELECT MAX(position) AS head FROM event_log')).head);
    await client.query(
      `INSERT INTO event_log (event_id, type, stream_id, payload, occurred_at)
       VALUES (gen_random_uuid(), 'NotAnOrderEvent', 'test', '{}', $1)`,
      [new Date().toISOString()],
    );
    await client.query("SELECT pg_notify('event_log', 'another-instance:projects')");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await checkpoint()).toBeLessThan(await head());

    // The same sender, not projecting: the reader applies it (moves past it) at once.
    await client.query("SELECT pg_notify('event_log', 'another-instance')");
    await eventually(async () => expect(await checkpoint()).toBe(await head()), PROMPTLY_MS);
  });
});
