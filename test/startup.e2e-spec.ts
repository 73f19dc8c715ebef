import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApp, STAFF_HEADERS } from './support/app-process.js';
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
    ['JWT_SECRET', 'x'.repeat(32), 'JWT_SECRET is too predictable'],
    ['JWT_SECRET', ' '.repeat(32), 'JWT_SECRET is too predictable'],
    ['API_DOCS', 'on', 'API_DOCS must be true or false (got "on")'],
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

  /** Every line the process wrote, parsed: a line that is not JSON fails the test, naming it. */
  const jsonLines = (output: string) =>
    output
      .trim()
      .split('\n')
      .map((line) => {
        try {
          return JSON.parse(line) as { level: number; msg: string; context?: string };
        } catch {
          throw new Error(`not a JSON line: ${line}`);
        }
      });

  it('logs a start that fails after the database connected in JSON lines too (port taken)', async () => {
    const database = await createTestDatabase();
    const taken = createServer().listen(await freePort(), '0.0.0.0');
    await once(taken, 'listening');
    try {
      const { port } = taken.address() as { port: number };
      const app = await startApp(
        { ...database.env, PORT: String(port) },
        { waitUntilReady: false },
      );
      expect(await app.exited).toBe(1);
      const lines = jsonLines(app.output());
      expect(lines.filter((line) => line.level === 50).map((line) => line.msg)).toContainEqual(
        expect.stringContaining('EADDRINUSE'),
      );
    } finally {
      taken.close();
      await database.drop();
    }
  });

  // TypeORM retries for about 30 s before it gives up: run once, in the PostgreSQL suite.
  onPostgres(
    'logs a start with the database down in JSON lines: each retry, then the error, and exits 1',
    async () => {
      // Port 1: refused, and outside the ephemeral range. A free ephemeral port may be taken by
      // another test's server during the 30 s of retries, or be the very source port the kernel
      // gives a connection to it (TCP connects to itself): either answers with something else
      // than PostgreSQL, and this run failed in CI without its last lines.
      const app = await startApp(
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
        { waitUntilReady: false },
      );
      expect(await app.exited).toBe(1);
      const lines = jsonLines(app.output());
      expect(lines.filter((line) => line.context === 'TypeOrmModule')).not.toHaveLength(0);
      // Logged by start(), which exits only once the line is written: by default Nest would
      // log it and exit at once, and the line could be cut off (it was, in CI).
      expect(lines.at(-1)).toMatchObject({ level: 50, context: 'Bootstrap' });
      expect(lines.at(-1)!.msg).toContain('ECONNREFUSED');
    },
    90_000,
  );
});
