import {
  type AppProcess,
  http,
  type HttpAnswer,
  inParallel,
  startApp,
  stopApp,
} from './support/app-process.js';
import { aCustomer, aProduct, eventually, withoutPosition } from './support/builders.js';
import { PrivateCluster, privateClusterUnavailable } from './support/private-cluster.js';
import { TEST_DB } from './support/test-database.js';

/**
 * Issue 12, with a real streaming replica: a private cluster, a replica of it made with
 * pg_basebackup, and the built app with DATABASE_URL on the primary and DATABASE_READ_URL
 * on the replica. Replay is paused (pg_wal_replay_pause), so the replica is deterministically
 * behind: whatever must be current (what commands decide on, GET /orders/:id,
 * read-your-writes) has to come from the primary, and the lag has to show.
 */
const skipReason =
  TEST_DB !== 'postgres'
    ? null // the SQLite run has no replica to test: the suite is reported as skipped
    : privateClusterUnavailable;
const describeWithReplica =
  TEST_DB === 'postgres' && privateClusterUnavailable === null ? describe : describe.skip;
if (skipReason !== null) console.warn(`replica tests skipped: ${skipReason}`);

const DATABASE = 'shop';
const MAX_LAG_MS = 200;

interface Order {
  id: string;
  customerId: string;
  totalCents: number;
  position: number;
  lines: { productId: string; quantity: number; unitPriceCents: number }[];
}

interface ProjectionReport {
  name: string;
  position: number;
  headPosition: number;
  lag: number;
  readDatabase: { position: number; headPosition: number; lag: number; lagMs: number };
}

describeWithReplica('a streaming read replica (DATABASE_READ_URL), paused', () => {
  let primary: PrivateCluster | undefined;
  let replica: PrivateCluster | undefined;
  /** REPLICA_LAG_UNHEALTHY unset: a lagging replica is reported, the instance stays in rotation. */
  let app: AppProcess | undefined;
  /** REPLICA_LAG_UNHEALTHY=true: the same lag makes /health answer 503. */
  let strictApp: AppProcess | undefined;
  /** Every order answered 201, as answered. */
  const acknowledged = new Map<string, Order>();

  const onPrimary = <T extends object>(sql: string, parameters: unknown[] = []) =>
    primary!.query<T & Record<string, unknown>>(sql, parameters, DATABASE);
  const onReplica = <T extends object>(sql: string, parameters: unknown[] = []) =>
    replica!.query<T & Record<string, unknown>>(sql, parameters, DATABASE);

  beforeAll(async () => {
    primary = await PrivateCluster.create();
    await primary.query(`CREATE DATABASE ${DATABASE}`);
    replica = await primary.createReplica();
    const env = {
      DATABASE_URL: primary.url(DATABASE),
      DATABASE_READ_URL: replica.url(DATABASE),
      READ_WAIT_MS: '100',
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
    };
    // One after the other: the first runs the migrations.
    app = await startApp(env);
    strictApp = await startApp({ ...env, REPLICA_LAG_UNHEALTHY: 'true' });
    // The replica has the schema, then stops replaying: from here on it only falls behind.
    await eventually(() => onReplica('SELECT 1 FROM projection_checkpoints'), 30_000);
    await replica.query('SELECT pg_wal_replay_pause()');
  }, 180_000);

  afterAll(async () => {
    for (const process of [app, strictApp]) if (process) await stopApp(process);
    await replica?.destroy();
    await primary?.destroy();
  });

  /** Lets the replica replay up to the primary's head, then pauses it again. */
  const catchUpReplica = async () => {
    await replica!.query('SELECT pg_wal_replay_resume()');
    const [head] = await onPrimary<{ head: string }>('SELECT MAX(position) AS head FROM event_log');
    await eventually(async () => {
      const [seen] = await onReplica<{ head: string }>(
        'SELECT MAX(position) AS head FROM event_log',
      );
      expect(Number(seen.head)).toBe(Number(head.head));
    }, 30_000);
    await replica!.query('SELECT pg_wal_replay_pause()');
  };
  /** A customer and a product the paused replica has too, so only what follows is missing there. */
  const aReplicatedShop = async (priceCents = 1250) => {
    const shop = { customer: await register(), product: await newProduct(priceCents) };
    await catchUpReplica();
    return shop;
  };

  const created = (answer: HttpAnswer, what: string) => {
    if (answer.status !== 201)
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string; position: number };
  };
  const register = async () =>
    created(await http(app!, 'POST', '/customers', aCustomer(), {}), 'register');
  const newProduct = async (priceCents = 1250) =>
    created(await http(app!, 'POST', '/products', aProduct({ priceCents })), 'create product');
  const order = async (customerId: string, productId: string, quantity = 1) => {
    const answer = await http(app!, 'POST', '/orders', {
      customerId,
      lines: [{ productId, quantity }],
    });
    const placed = answer.body as Order;
    if (answer.status === 201) acknowledged.set(placed.id, placed);
    return answer;
  };

  it('orders for a customer and a product created a moment earlier (commands read the primary)', async () => {
    const failures: string[] = [];
    await inParallel(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        const customer = await register();
        const product = await newProduct();
        const placed = await order(customer.id, product.id, 2);
        if (placed.status !== 201) failures.push(`${placed.status} ${JSON.stringify(placed.body)}`);
      },
    );
    expect(failures).toEqual([]);
    // The replica has none of it: without the primary, every order would have been a 404.
    const [seen] = await onReplica<{ n: string }>('SELECT COUNT(*) AS n FROM orders');
    expect(Number(seen.n)).toBe(0);
  });

  it('logs in a customer registered a moment earlier (credentials are read on the primary)', async () => {
    const customer = aCustomer();
    const registered = created(await http(app!, 'POST', '/customers', customer, {}), 'register');

    const login = await http(
      app!,
      'POST',
      '/auth/token',
      {
        email: customer.email,
        password: customer.password,
      },
      {},
    );
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ accessToken: expect.any(String) });
    // The paused replica has not got the customer: read there, the login would be a 401.
    const [seen] = await onReplica<{ n: string }>(
      'SELECT COUNT(*) AS n FROM customers WHERE id = $1',
      [registered.id],
    );
    expect(Number(seen.n)).toBe(0);
  });

  it('charges the new price to the next order after a price change', async () => {
    const { customer, product } = await aReplicatedShop(1000);
    const changed = await http(app!, 'PATCH', `/products/${product.id}/price`, {
      priceCents: 1500,
    });
    expect(changed.status).toBe(200);

    const placed = await order(customer.id, product.id, 3);

    expect(placed.status).toBe(201);
    expect((placed.body as Order).lines[0].unitPriceCents).toBe(1500);
    expect((placed.body as Order).totalCents).toBe(4500);
  });

  it('finds an order with GET /orders/:id right after its 201, as it was answered', async () => {
    const { customer, product } = await aReplicatedShop();
    const placed = await order(customer.id, product.id);
    const answered = withoutPosition(placed.body as Order);

    const read = await http(app!, 'GET', `/orders/${answered.id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(answered);
  });

  it("answers minPosition with the client's own write, from the write model on the primary", async () => {
    const { customer, product } = await aReplicatedShop();
    const placed = (await order(customer.id, product.id)).body as Order;

    const history = await http(
      app!,
      'GET',
      `/customers/${customer.id}/orders?minPosition=${placed.position}`,
    );

    expect(history.status).toBe(200);
    expect(history.headers.get('x-read-source')).toBe('write-model');
    expect(Number(history.headers.get('x-read-position'))).toBeGreaterThanOrEqual(placed.position);
    expect((history.body as { items: { orderId: string }[] }).items.map((i) => i.orderId)).toEqual([
      placed.id,
    ]);

    // A customer without orders yet, just registered: an empty page, not a 404.
    const newcomer = await register();
    const empty = await http(
      app!,
      'GET',
      `/customers/${newcomer.id}/orders?minPosition=${newcomer.position}`,
    );
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
  });

  it('shows the lag in /ops/projections, /metrics and /health, and 0 again once replay resumes', async () => {
    const [primaryHead] = await onPrimary<{ head: string }>(
      'SELECT MAX(position) AS head FROM event_log',
    );
    const [replicaHead] = await onReplica<{ head: string | null }>(
      'SELECT COALESCE(MAX(position), 0) AS head FROM event_log',
    );
    const behind = Number(primaryHead.head) - Number(replicaHead.head);
    expect(behind).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS + 50)); // the oldest missing event ages

    const ops = await http(app!, 'GET', '/ops/projections');
    expect(ops.status).toBe(200);
    const [view] = ops.body as ProjectionReport[];
    expect(view.headPosition).toBe(Number(primaryHead.head)); // the primary's, not the replica's
    expect(view.readDatabase).toMatchObject({
      headPosition: Number(replicaHead.head),
      lag: behind,
    });
    expect(view.readDatabase.lagMs).toBeGreaterThan(MAX_LAG_MS);
    expect(view.readDatabase.position).toBeLessThanOrEqual(Number(replicaHead.head));

    const metrics = await http(app!, 'GET', '/metrics');
    expect(metrics.body).toMatch(new RegExp(`^read_database_lag_events ${behind}$`, 'm'));
    expect(gauge(metrics.body as string, 'read_database_lag_seconds')).toBeGreaterThan(
      MAX_LAG_MS / 1000,
    );

    const health = await http(app!, 'GET', '/health', undefined, {});
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      info: { replicaLag: { status: 'up', lag: behind, lagging: true, maxLagMs: MAX_LAG_MS } },
    });
    const strictHealth = await http(strictApp!, 'GET', '/health', undefined, {});
    expect(strictHealth.status).toBe(503);
    expect(JSON.stringify(strictHealth.body)).toMatch(
      /read replica is \d+ events \(\d+ ms\) behind the primary/,
    );

    await replica!.query('SELECT pg_wal_replay_resume()');

    await eventually(async () => {
      const after = (await http(app!, 'GET', '/ops/projections')).body as ProjectionReport[];
      expect(after[0].readDatabase).toMatchObject({ lag: 0, lagMs: 0 });
      const text = (await http(app!, 'GET', '/metrics')).body as string;
      expect(gauge(text, 'read_database_lag_events')).toBe(0);
      expect(gauge(text, 'read_database_lag_seconds')).toBe(0);
      for (const instance of [app!, strictApp!]) {
        const healthy = await http(instance, 'GET', '/health', undefined, {});
        expect(healthy.status).toBe(200);
        expect(healthy.body).toMatchObject({ info: { replicaLag: { lag: 0, lagMs: 0 } } });
      }
    }, 30_000);
  });

  it('lost no acknowledged order, applied none twice, and the view converges on both servers', async () => {
    await replica!.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    const orders = await onPrimary<{ id: string; total_cents: string }>(
      'SELECT id, total_cents FROM orders',
    );
    expect(new Map(orders.map((o) => [o.id, Number(o.total_cents)]))).toEqual(
      new Map([...acknowledged.values()].map((o) => [o.id, o.totalCents])),
    );
    const placedEvents = await onPrimary<{ stream_id: string; n: string }>(
      "SELECT stream_id, COUNT(*) AS n FROM event_log WHERE type = 'OrderPlaced' GROUP BY stream_id",
    );
    expect(placedEvents).toHaveLength(acknowledged.size);
    expect(placedEvents.every((row) => Number(row.n) === 1)).toBe(true);

    const viewOf = async (query: typeof onPrimary) =>
      (
        await query<{ id: string }>(
          'SELECT order_id AS id FROM order_list_by_customer ORDER BY order_id',
        )
      ).map((row) => row.id);
    const expected = [...acknowledged.keys()].sort();
    await eventually(async () => {
      expect(await viewOf(onPrimary)).toEqual(expected);
      expect(await viewOf(onReplica)).toEqual(expected);
    }, 30_000);
  });
});

/** The value of an unlabelled gauge in Prometheus text. */
function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`no ${name} in /metrics`);
  return Number(match[1]);
}
