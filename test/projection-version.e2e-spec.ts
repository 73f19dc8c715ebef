import type { EntityManager } from 'typeorm';
import { OrderListByCustomerProjection } from '../src/modules/orders/projections/order-list-by-customer.projection.js';
import { aShop, eventually, placeOrder } from './support/builders.js';
import { runSql } from './support/raw-sql.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { TEST_DB } from './support/test-database.js';

const VIEW = 'order_list_by_customer';

interface Status {
  name: string;
  position: number;
  headPosition: number;
  rebuilding: boolean;
}

const statusOf = async (t: TestApp): Promise<Status> => {
  const response = await t.http.get('/ops/projections').expect(200);
  return (response.body as Status[]).find((status) => status.name === VIEW)!;
};

/** How many times any instance emptied the view: each reset does it once. */
let resets = 0;

/** The next release of the projection: a changed shape, so a new version. */
class OrderListByCustomerProjectionV2 extends OrderListByCustomerProjection {
  override readonly version = 2;
  override async clear(manager: EntityManager): Promise<void> {
    resets += 1;
    await super.clear(manager);
  }
}

describe('a projection whose version was bumped', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    // The later apps first: they drop only their own unused databases; the first drops the shared one.
    for (const app of apps.reverse()) await app.close();
  });

  it(`is rebuilt from the log at start-up, once, by ${TEST_DB === 'postgres' ? 'two instances starting together' : 'the next start'}`, async () => {
    const first = await createTestApp();
    apps.push(first);
    const { customer, cup } = await aShop(first.http);
    const orders = [];
    for (let quantity = 1; quantity <= 3; quantity++) {
      orders.push(await placeOrder(first.http, customer.id, [{ productId: cup.id, quantity }]));
    }
    const head = orders.at(-1)!.position;
    await eventually(async () => expect((await statusOf(first)).position).toBe(head));
    const database: Record<string, string> =
      first.database === 'postgres'
        ? { DATABASE_URL: first.config.DATABASE_URL! }
        : { SQLITE_PATH: first.config.SQLITE_PATH };
    // Rows version 1 wrote and version 2 would not: none may survive the rebuild.
    await runSql(database, [`UPDATE ${VIEW} SET status = 'v1'`]);

    const instances = TEST_DB === 'postgres' ? 2 : 1;
    const next = await Promise.all(
      Array.from({ length: instances }, () =>
        createTestApp({ ...database, MIGRATIONS_RUN: 'false' }, (builder) =>
          builder
            .overrideProvider(OrderListByCustomerProjection)
            .useClass(OrderListByCustomerProjectionV2),
        ),
      ),
    );
    apps.push(...next);

    expect(resets).toBe(1);
    await eventually(async () =>
      expect(await statusOf(next[0])).toMatchObject({ position: head, rebuilding: false }),
    );
    const view = await next[0].http.get(`/customers/${customer.id}/orders`).expect(200);
    expect(view.headers['x-read-source']).toBe('view');
    expect((view.body.items as { status: string }[]).map((item) => item.status)).toEqual([
      'placed',
      'placed',
      'placed',
    ]);

    // The view keeps following the log (the first instance, on version 1, leaves it alone).
    await placeOrder(first.http, customer.id, [{ productId: cup.id, quantity: 4 }]);
    await eventually(async () => expect((await statusOf(next[0])).position).toBe(head + 1));

    // Started again at the same version: nothing to rebuild.
    apps.push(
      await createTestApp({ ...database, MIGRATIONS_RUN: 'false' }, (builder) =>
        builder
          .overrideProvider(OrderListByCustomerProjection)
          .useClass(OrderListByCustomerProjectionV2),
      ),
    );
    expect(resets).toBe(1);
  });
});
