import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, STAFF_HEADERS } from './support/app-process.js';
import { createTestDatabase, TEST_DB } from './support/test-database.js';

/** The built app as an operator starts it: `node dist/src/main.js` with environment variables. */
describe('starting the app', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nest-cqrs-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535 (got "abc")'],
    ['READ_VIEW', 'yes', 'READ_VIEW must be true or false (got "yes")'],
    [
      'DATABASE_URL',
      'mysql://localhost/db',
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
    ],
    ['READ_WAIT_MS', '-5', 'READ_WAIT_MS must be an integer from 0 to 60000 (got "-5")'],
    ['SQLITE_PATH', ':memory:', 'SQLITE_PATH must be a file path'],
  ])('refuses %s=%s with one line that names the variable', async (name, value, message) => {
    const app = await startApp(
      { SQLITE_PATH: join(dir, 'app.sqlite'), [name]: value },
      { waitUntilReady: false },
    );
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Invalid configuration: ${message}`);
  });

  // Each database has its own start-up test; the other one shows as skipped, not as passed.
  const onSqlite = TEST_DB === 'sqlite' ? it : it.skip;
  const onPostgres = TEST_DB === 'postgres' ? it : it.skip;

  onSqlite(
    'creates the SQLite file and its folder, serves the API, and exits 0 on SIGTERM',
    async () => {
      const path = join(dir, 'nested', 'folder', 'app.sqlite');
      const app = await startApp({ SQLITE_PATH: path });
      expect(existsSync(path)).toBe(true);
      const response = await fetch(`${app.url}/products`);
      expect(response.status).toBe(200);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    },
  );

  onPostgres('starts on PostgreSQL from DATABASE_URL and runs the migrations', async () => {
    const database = await createTestDatabase();
    try {
      const app = await startApp(database.env);
      const created = await fetch(`${app.url}/products`, {
        method: 'POST',
        headers: { ...STAFF_HEADERS, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'PG-1', name: 'On PostgreSQL', priceCents: 1 }),
      });
      expect(created.status).toBe(201);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
