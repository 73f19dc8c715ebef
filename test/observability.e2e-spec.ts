import { aShop, eventually, placeOrder } from './support/builders.js';
import { startApp, stopApp, type AppProcess, STAFF_HEADERS } from './support/app-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A Prometheus sample line's value, or undefined if the series is absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observability', () => {
  describe('GET /metrics', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('exposes command, query and HTTP durations by outcome, the log head and projection lag', async () => {
      const { customer, cup } = await aShop(t.http);
      const order = await placeOrder(t.http, customer.id, [{ productId: cup.id, quantity: 1 }]);
      await t.http.post(`/orders/${order.id}/ship`).expect(200);
      await t.http.post(`/orders/${order.id}/ship`).expect(409); // rejected, not an error
      await t.http.get(`/orders/${order.id}`).expect(200);
      await t.http
        .get(`/customers/${customer.id}/orders?minPosition=${order.position + 1}`)
        .expect(200);

      const response = await t.http.get('/metrics').expect(200);
      expect(response.headers['content-type']).toContain('text/plain');
      const metrics = response.text;
      expect(
        sample(
          metrics,
          'cqrs_message_duration_seconds_count{kind="command",name="PlaceOrderCommand",outcome="ok"}',
        ),
      ).toBe(1);
      expect(
        sample(
          metrics,
          'cqrs_message_duration_seconds_count{kind="command",name="ShipOrderCommand",outcome="ok"}',
        ),
      ).toBe(1);
      expect(
        sample(
          metrics,
          'cqrs_message_duration_seconds_count{kind="command",name="ShipOrderCommand",outcome="rejected"}',
        ),
      ).toBe(1);
      expect(
        sample(
          metrics,
          'cqrs_message_duration_seconds_count{kind="query",name="GetOrderQuery",outcome="ok"}',
        ),
      ).toBe(1);
      // Route patterns, not raw URLs: one series however many orders there are.
      expect(
        sample(
          metrics,
          'http_request_duration_seconds_count{method="GET",route="/orders/:id",status="200"}',
        ),
      ).toBe(1);
      expect(
        sample(
          metrics,
          'http_request_duration_seconds_count{method="POST",route="/orders/:id/ship",status="409"}',
        ),
      ).toBe(1);
      expect(sample(metrics, 'event_log_head_position')).toBe(order.position + 1);
      expect(metrics).toContain('process_resident_memory_bytes');
      // The view's figures once it has applied the last event: the read above does not make
      // sure it has (a view later than READ_WAIT_MS lets the write model answer it).
      await eventually(async () => {
        const scraped = (await t.http.get('/metrics').expect(200)).text;
        expect(sample(scraped, 'projection_position{projection="order_list_by_customer"}')).toBe(
          order.position + 1,
        );
        expect(sample(scraped, 'projection_lag_events{projection="order_list_by_customer"}')).toBe(
          0,
        );
      }, 10_000);
    });
  });

  describe('logs', () => {
    let database: TestDatabase;
    let app: AppProcess | undefined;
    beforeAll(async () => {
      database = await createTestDatabase();
      app = await startApp({ ...database.env, LOG_LEVEL: 'log' });
    });
    afterAll(async () => {
      if (app) await stopApp(app);
      await database.drop();
    });

    const post = (path: string, body: unknown, requestId: string) =>
      fetch(`${app!.url}${path}`, {
        method: 'POST',
        headers: {
          ...STAFF_HEADERS,
          'content-type': 'application/json',
          'x-request-id': requestId,
        },
        body: JSON.stringify(body),
      });
    const logLines = () =>
      app!
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    it('are JSON lines; each command is logged once with its name, duration, outcome and the request id, which reaches the projection runner', async () => {
      const response = await post(
        '/customers',
        { name: 'Ada', email: 'ada@example.org', password: 'ada-password' },
        'trace-me-1',
      );
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('trace-me-1');
      const rejected = await post(
        '/orders',
        {
          customerId: crypto.randomUUID(),
          lines: [{ productId: crypto.randomUUID(), quantity: 1 }],
        },
        'trace-me-2',
      );
      expect(rejected.status).toBe(404);
      // An event a projection handles (projections read only theirs): an order for Ada.
      const product = await post(
        '/products',
        { sku: 'TRACE-1', name: 'Cup', priceCents: 100 },
        'p',
      );
      const customer = (await response.json()) as { id: string };
      const placed = await post(
        '/orders',
        {
          customerId: customer.id,
          lines: [{ productId: ((await product.json()) as { id: string }).id, quantity: 1 }],
        },
        'trace-me-3',
      );
      expect(placed.status).toBe(201);

      // The projection runner logs after its batch commits: wait for it, with a deadline.
      const deadline = Date.now() + 5000;
      let lines = logLines();
      const logged = () =>
        lines.some((l) => l.correlationId === 'trace-me-3') &&
        lines.some((l) => l.reqId === 'trace-me-2' && l.res !== undefined);
      while (!logged() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        lines = logLines();
      }

      const commands = lines.filter((l) => l.context === 'Bus' && l.kind === 'command');
      expect(commands.filter((l) => l.reqId === 'trace-me-1')).toEqual([
        expect.objectContaining({
          name: 'RegisterCustomerCommand',
          outcome: 'ok',
          durationMs: expect.any(Number),
        }),
      ]);
      expect(commands.filter((l) => l.reqId === 'trace-me-2')).toEqual([
        expect.objectContaining({ name: 'PlaceOrderCommand', outcome: 'rejected' }),
      ]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          context: 'ProjectionRunner',
          event: 'OrderPlaced',
          correlationId: 'trace-me-3',
          outcome: 'ok',
          durationMs: expect.any(Number),
        }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({
          reqId: 'trace-me-1',
          req: expect.objectContaining({ method: 'POST', url: '/customers' }),
          res: expect.objectContaining({ statusCode: 201 }),
        }),
      );
      // No header is logged: the staff token never reaches the logs.
      const token = STAFF_HEADERS.authorization.replace('Bearer ', '');
      expect(app!.output()).not.toContain(token);
      expect(app!.output().toLowerCase()).not.toContain('authorization');
    });
  });
});
