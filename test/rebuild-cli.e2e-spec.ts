import { cpSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppProcess, STAFF_HEADERS } from './support/app-process.js';
import { runRebuild } from './support/cli.js';
import { copyRepository, node, ROOT } from './support/repository-copy.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

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
    // Milliseconds and no rate under a second (src/cli/rebuild-summary.ts), else seconds and rate.
    expect(output).toMatch(
      /rebuilt order_list_by_customer: \d+ events in (\d+ ms|[\d.]+ s \(\d+ events\/s\))\n/,
    );
    // It issues no tokens: nothing about JWT_SECRET, which this environment does not set.
    expect(database.env).not.toHaveProperty('JWT_SECRET');
    expect(output).not.toContain('JWT_SECRET');
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

  it('knows exactly the projections the app runs (it finds them without loading the modules)', async () => {
    app = await startApp(database.env);
    const { output } = await runRebuild(database.env, ['no_such_view']);
    const known = /known: (.*)$/m.exec(output)?.[1].split(', ').sort();
    const answer = await fetch(`${app.url}/ops/projections`, { headers: STAFF_HEADERS });
    const running = ((await answer.json()) as { name: string }[]).map(({ name }) => name).sort();
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(known).toEqual(running);
  });
});

// Tooling only: under TEST_DB=postgres it would only repeat itself.
(TEST_DB === 'postgres' ? describe.skip : describe)('projections:rebuild and dist/', () => {
  it('builds from clean when a compiled file has lost its source: a left-over projection would be rebuilt', async () => {
    const { dir: copy, remove } = copyRepository('nest-cqrs-orphan-');
    try {
      cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true }); // current
      const orphan = path.join(copy, 'dist/src/modules/orders/projections/old-view.projection.js');
      writeFileSync(orphan, 'throw new Error("a projection whose source was deleted");\n');

      const check = await node(copy, 'tools/build-if-stale.mjs', []);
      expect(check).toEqual({
        code: 0,
        output: expect.stringContaining(
          'dist/src/modules/orders/projections/old-view.projection.js has no source any more',
        ),
      });
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(path.join(copy, 'dist/src/cli/rebuild-projections.js'))).toBe(true);
    } finally {
      remove();
    }
  }, 120_000);
});
