import { request as httpRequest } from 'node:http';
import { startApp, type AppProcess, STAFF_HEADERS } from './support/app-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

interface Sent {
  /** When the whole request had been written (ms since epoch). */
  sentAt: number | undefined;
  status: number | undefined;
  error: string | undefined;
}

/**
 * A POST over its own connection whose body is written in two halves: between them the
 * request is certainly in flight (accepted, half read), whatever the machine's speed.
 */
function halfSentPost(url: string, body: unknown) {
  const text = JSON.stringify(body);
  const result: Sent = { sentAt: undefined, status: undefined, error: undefined };
  const request = httpRequest(url, {
    method: 'POST',
    headers: {
      ...STAFF_HEADERS,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    },
    agent: false,
  });
  const ended = new Promise<Sent>((resolve) => {
    request.on('response', (response) => {
      result.status = response.statusCode;
      response.resume();
      response.on('end', () => resolve(result));
    });
    request.on('error', (error) => {
      result.error = error.message;
      resolve(result);
    });
  });
  const firstHalfWritten = new Promise<void>((resolve) => {
    request.on('socket', (socket) =>
      socket.on('connect', () => request.write(text.slice(0, 20), () => resolve())),
    );
  });
  return {
    firstHalfWritten,
    finish: () => {
      request.end(text.slice(20), () => (result.sentAt = Date.now()));
      return ended;
    },
  };
}

async function created(app: AppProcess, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { ...STAFF_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { id: string };
}

describe('SIGTERM', () => {
  let database: TestDatabase;
  let app: AppProcess | undefined;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    app?.child.kill('SIGKILL');
    await app?.exited;
    await database.drop();
  });

  it('lets every request in flight finish with 2xx, then exits 0 within 10 s', async () => {
    app = await startApp(database.env);
    const customer = await created(app, '/customers', {
      name: 'Ada',
      email: 'ada@example.org',
      password: 'ada-password',
    });
    const product = await created(app, '/products', { sku: 'CUP', name: 'Cup', priceCents: 100 });
    const order = { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] };

    const inFlight = Array.from({ length: 20 }, () => halfSentPost(`${app!.url}/orders`, order));
    await Promise.all(inFlight.map((request) => request.firstHalfWritten));
    await new Promise((resolve) => setTimeout(resolve, 200)); // and the server has read them
    const stoppedAt = Date.now();
    app.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the app is stopping now
    const results = await Promise.all(inFlight.map((request) => request.finish()));
    const exitCode = await app.exited;
    const stoppedIn = Date.now() - stoppedAt;

    expect(results.map((r) => r.status ?? r.error)).toEqual(Array<number>(20).fill(201));
    expect(exitCode).toBe(0);
    expect(stoppedIn).toBeLessThan(10_000);
    expect(app.output()).not.toMatch(/ERROR/);
  });
});
