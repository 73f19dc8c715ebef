import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AppProcess, startApp, stopApp } from './support/app-process.js';
import { node, ROOT, run } from './support/repository-copy.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

/**
 * README, "A 5-minute tour": its shell session runs as written, against the built app, and
 * ends with the answer the README shows. Only the address changes (the app listens on a free
 * port here); the tour is for the SQLite default, as a newcomer runs it.
 */

const describeOnSqlite = TEST_DB === 'postgres' ? describe.skip : describe;
const README_API_LINE = 'API=http://localhost:3000';

/** The first ```sh block after the tour's heading. */
function tourScript(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const tour = readme.slice(readme.indexOf('## A 5-minute tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(tour);
  if (!block) throw new Error('README: no sh block in "A 5-minute tour"');
  return block[1];
}

describeOnSqlite('README: the 5-minute tour', () => {
  let database: TestDatabase;
  let app: AppProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (app) await stopApp(app);
    await database.drop();
  });

  it('runs as written and shows the order just placed in /me/orders', async () => {
    const script = tourScript();
    expect(script).toContain(README_API_LINE);
    // The tour's `npm run staff:create` would rebuild a stale dist/ under the other tests.
    expect(await node(ROOT, 'tools/build-if-stale.mjs', ['--check'])).toEqual({
      code: 0,
      output: '',
    });
    app = await startApp(database.env);

    // A time limit: curl has none, and a hung step must not outlive the test.
    const { code, output } = await run(
      ROOT,
      'bash',
      ['-e', '-o', 'pipefail', '-c', script.replace(README_API_LINE, `API=${app.url}`)],
      { env: database.env, timeoutMs: 90_000 },
    );

    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    expect(output).toMatch(/^created staff account boss@example.org /m);
    const lastLine = output.trim().split('\n').at(-1)!;
    expect(JSON.parse(lastLine)).toEqual({
      items: [expect.objectContaining({ status: 'placed', totalCents: 2500, itemCount: 2 })],
      nextCursor: null,
    });
  }, 120_000);
});
