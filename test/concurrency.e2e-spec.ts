import { setImmediate as nextIoTurn } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type { ListProductsByIdsQuery } from '../src/modules/catalog/contracts/list-products-by-ids.query.js';
import type { ProductResponse } from '../src/modules/catalog/contracts/product.response.js';
import { ListProductsByIdsHandler } from '../src/modules/catalog/queries/list-products-by-ids/list-products-by-ids.handler.js';
import { OrderLine } from '../src/modules/orders/domain/order-line.entity.js';
import { Order } from '../src/modules/orders/domain/order.entity.js';
import { OrderRepository } from '../src/modules/orders/domain/order.repository.js';
import { aProduct, aShop, aMissingId, placeOrder } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Real concurrent requests against one server. On SQLite these would lose acknowledged
 * writes without the write queue (TypeORM's driver turns a concurrent transaction into a
 * SAVEPOINT of another); on PostgreSQL they exercise row locks and the version check.
 */
/**
 * better-sqlite3 answers synchronously, so without real I/O inside a transaction requests
 * cannot interleave and the hazard stays hidden. A command that awaits a network call, a
 * password hash or a timer inside its transaction does interleave. These two stand-ins
 * yield to the event loop as such I/O would: the catalog answers after a turn (as if it
 * were a remote service), and the order row and its lines are written a turn apart.
 */
class CatalogAcrossTheNetwork extends ListProductsByIdsHandler {
  override async execute(query: ListProductsByIdsQuery): Promise<ProductResponse[]> {
    await nextIoTurn();
    return super.execute(query);
  }
}

class OrderRepositoryWithIoInTransaction extends OrderRepository {
  override async add(manager: EntityManager, order: Order): Promise<void> {
    const { lines, ...row } = order;
    await nextIoTurn();
    await manager.insert(Order, row);
    await nextIoTurn();
    await manager.insert(OrderLine, lines);
  }
}

describe('concurrent commands', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // Queueing is under test here, not shedding: no write may be refused for waiting long
    // (the I/O turns inside each transaction make 200 of them slow on a busy machine).
    t = await createTestApp({ WRITE_QUEUE_MAX_WAIT_MS: '60000' }, (builder) =>
      builder
        .overrideProvider(OrderRepository)
        .useClass(OrderRepositoryWithIoInTransaction)
        .overrideProvider(ListProductsByIdsHandler)
        .useClass(CatalogAcrossTheNetwork),
    );
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => {
    const [row] = await db.query<{ n: number | string }[]>(sql, params);
    return Number(row.n);
  };

  it('200 concurrent POST /orders, a quarter failing mid-transaction: no lost write, no orphan, no stray event', async () => {
    const { customer, cup, saucer } = await aShop(t.http);
    const ordersBefore = await count('SELECT COUNT(*) AS n FROM orders');
    const eventsBefore = await count(
      `SELECT COUNT(*) AS n FROM event_log WHERE type = 'OrderPlaced'`,
    );

    const requests = Array.from({ length: 200 }, (_, i) => {
      const fails = i % 4 === 3; // an unknown product in the last line
      const lines = [
        { productId: cup.id, quantity: 1 + (i % 7) },
        { productId: saucer.id, quantity: 2 },
        { productId: fails ? aMissingId() : cup.id, quantity: 1 },
      ];
      return {
        fails,
        lines,
        response: t.http.post('/orders').send({ customerId: customer.id, lines }),
      };
    });
    const responses = await Promise.all(requests.map((r) => r.response));

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(150);
    expect(statuses.filter((s) => s === 422)).toHaveLength(50);
    requests.forEach((r, i) => expect(responses[i].status).toBe(r.fails ? 422 : 201));

    const created = responses
      .filter((r) => r.status === 201)
      .map((r) => r.body as { id: string; lines: unknown[] });
    for (const order of created) {
      const stored = await t.http.get(`/orders/${order.id}`).expect(200);
      expect(stored.body.lines).toHaveLength(3);
      expect(stored.body.lines).toEqual(order.lines);
    }
    expect(await count('SELECT COUNT(*) AS n FROM orders')).toBe(ordersBefore + 150);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)',
      ),
    ).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM event_log WHERE type = 'OrderPlaced'`)).toBe(
      eventsBefore + 150,
    );
    const streams = await db.query<{ stream_id: string }[]>(
      `SELECT stream_id FROM event_log WHERE type = 'OrderPlaced'`,
    );
    const ids = new Set(created.map((o) => o.id));
    expect(streams.filter((row) => ids.has(row.stream_id))).toHaveLength(150);
  });

  it('cancel and ship racing on one order: exactly one 200 and one 409, and one event', async () => {
    const { customer, cup } = await aShop(t.http);
    const orders = [];
    for (let i = 0; i < 20; i++)
      orders.push(await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]));

    const races = await Promise.all(
      orders.map(async (order) => {
        const [cancel, ship] = await Promise.all([
          t.http.post(`/orders/${order.id}/cancel`),
          t.http.post(`/orders/${order.id}/ship`),
        ]);
        return { order, cancel, ship };
      }),
    );
    for (const { order, cancel, ship } of races) {
      expect([cancel.status, ship.status].sort()).toEqual([200, 409]);
      const winner = cancel.status === 200 ? 'cancelled' : 'shipped';
      const stored = await t.http.get(`/orders/${order.id}`).expect(200);
      expect(stored.body).toMatchObject({ status: winner, version: 2 });
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM event_log WHERE stream_id = $1 AND type IN ('OrderCancelled', 'OrderShipped')`.replace(
            '$1',
            t.database === 'postgres' ? '$1' : '?',
          ),
          [order.id],
        ),
      ).toBe(1);
    }
  });

  it('the same sku created 20 times at once: one 201, nineteen 409', async () => {
    const product = aProduct();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/products').send(product)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
  });

  it('reads and writes interleaved never fail with a 5xx', async () => {
    const { customer, cup } = await aShop(t.http);
    const work = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? t.http
            .post('/orders')
            .send({ customerId: customer.id, lines: [{ productId: cup.id, quantity: 1 }] })
        : t.http.get(`/customers/${customer.id}/orders?limit=5`),
    );
    const statuses = (await Promise.all(work)).map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
  });
});
