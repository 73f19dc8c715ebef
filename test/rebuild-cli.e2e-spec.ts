import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startApp, type AppProcess, STAFF_HEADERS } from './support/app-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** `npm run projections:rebuild` is `node dist/src/cli/rebuild-projections.js` after a build. */
async function runRebuild(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['dist/src/cli/rebuild-projections.js', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

async function post(app: AppProcess, path: string, body: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { ...STAFF_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { id: string; position: number };
}

describe('npm run projections:rebuild', () => {
  let database: TestDatabase;
  let app: AppProcess | undefined;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    app?.child.kill('SIGKILL');
    await app?.exited;
    app = undefined;
    await database.drop();
  });

  it('rebuilds while the app serves reads and writes: no read sees a half-built view, no write fails', async () => {
    app = await startApp(database.env);
    const customer = await post(app, '/customers', {
      name: 'Ada',
      email: 'ada@example.org',
      password: 'ada-password',
    });
    const product = await post(app, '/products', { sku: 'CUP', name: 'Cup', priceCents: 100 });
    let last = 0;
    for (let i = 0; i < 60; i++) {
      const order = await post(app, '/orders', {
        customerId: customer.id,
        lines: [{ productId: product.id, quantity: 1 }],
      });
      last = order.position;
    }
    const url = `${app.url}/customers/${customer.id}/orders?limit=100&minPosition=${last}`;
    const expected = (await (await fetch(url, { headers: STAFF_HEADERS })).json()) as {
      items: unknown[];
    };
    expect(expected.items).toHaveLength(60);

    let rebuilding = true;
    const reads: number[] = [];
    const writes: number[] = [];
    const reader = (async () => {
      while (rebuilding) {
        const page = (await (await fetch(url, { headers: STAFF_HEADERS })).json()) as {
          items: unknown[];
        };
        reads.push(page.items.length);
      }
    })();
    // Commands keep working meanwhile: on SQLite the CLI is a second writer process.
    const writer = (async () => {
      for (let i = 0; rebuilding; i++) {
        const response = await fetch(`${app.url}/products`, {
          method: 'POST',
          headers: { ...STAFF_HEADERS, 'content-type': 'application/json' },
          body: JSON.stringify({ sku: `DURING-${i}`, name: 'Saucer', priceCents: 50 }),
        });
        writes.push(response.status);
      }
    })();
    const { code, output } = await runRebuild(database.env, ['order_list_by_customer']);
    rebuilding = false;
    await Promise.all([reader, writer]);

    expect(code).toBe(0);
    expect(output).toMatch(
      /rebuilt order_list_by_customer: \d+ events in [\d.]+ s \(\d+ events\/s\)/,
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((count) => count === 60)).toBe(true);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((status) => status === 201)).toBe(true);
    expect(await (await fetch(url, { headers: STAFF_HEADERS })).json()).toEqual(expected);
  });

  it('names the known projections when asked for an unknown one, and exits 1', async () => {
    const { code, output } = await runRebuild(database.env, ['no_such_view']);
    expect(code).toBe(1);
    expect(output).toContain('unknown projection "no_such_view"; known: order_list_by_customer');
  });
});
