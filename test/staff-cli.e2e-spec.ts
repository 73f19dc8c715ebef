import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AppProcess, http, startApp, stopApp } from './support/app-process.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

/** `npm run staff:create -- …` is `node dist/src/cli/create-staff.js …` after a build. */
async function createStaff(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ['dist/src/cli/create-staff.js', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

const ANONYMOUS = {};

describe(`npm run staff:create (${TEST_DB})`, () => {
  let database: TestDatabase;
  let app: AppProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (app) await stopApp(app);
    await database.drop();
  });

  it('creates a staff account (on a fresh database: migrations first) that logs in and gets staff rights', async () => {
    const created = await createStaff(database.env, [
      '--email',
      'Boss@example.org',
      '--password',
      'boss-password-1',
    ]);
    expect(created).toEqual({
      code: 0,
      output: expect.stringMatching(/^created staff account boss@example.org \([0-9a-f-]{36}\)\n$/),
    });

    app = await startApp(database.env);
    const login = await http(
      app,
      'POST',
      '/auth/token',
      { email: 'boss@example.org', password: 'boss-password-1' },
      ANONYMOUS,
    );
    expect(login.status).toBe(200);
    const asStaff = { authorization: `Bearer ${login.body.accessToken}` };
    expect((await http(app, 'GET', '/ops/projections', undefined, asStaff)).status).toBe(200);
    expect((await http(app, 'GET', '/ops/projections', undefined, ANONYMOUS)).status).toBe(401);
    // The password stays out of the logs (bodies are not logged).
    expect(app.output()).not.toContain('boss-password-1');
  });

  it('refuses a taken email, a bad email and a short password, with one line and exit code 1', async () => {
    const taken = await createStaff(database.env, [
      '--email',
      'boss@EXAMPLE.org',
      '--password',
      'another-password',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.output).toContain('a staff account with email boss@example.org already exists');

    const badEmail = await createStaff(database.env, [
      '--email',
      'not-an-email',
      '--password',
      'long-enough',
    ]);
    expect(badEmail.code).toBe(1);
    expect(badEmail.output).toMatch(/^--email must be an email/);

    const short = await createStaff(database.env, [
      '--email',
      'new@example.org',
      '--password',
      'short',
    ]);
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/^--password must be 8 to 200 characters/);
  });

  it('no HTTP route creates staff', async () => {
    for (const path of ['/staff', '/auth/staff', '/identity/staff']) {
      const answer = await http(app!, 'POST', path, {
        email: 'x@example.org',
        password: 'whatever-1',
      });
      expect(answer.status).toBe(404);
    }
  });
});

describe('starting with NODE_ENV=production', () => {
  it('refuses to start without JWT_SECRET, with one line that says so', async () => {
    const database = await createTestDatabase();
    try {
      const app = await startApp(
        { ...database.env, NODE_ENV: 'production', JWT_SECRET: '' },
        { waitUntilReady: false },
      );
      expect(await app.exited).toBe(1);
      const lines = app.output().trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production/,
        ),
      ]);
    } finally {
      await database.drop();
    }
  });

  it('without it elsewhere, starts with a generated key and a warning', async () => {
    const database = await createTestDatabase();
    let app: AppProcess | undefined;
    try {
      app = await startApp({ ...database.env, JWT_SECRET: '' });
      expect(app.output()).toContain('JWT_SECRET is not set');
      // The tests' staff token is signed with the tests' key, not this one.
      expect((await http(app, 'GET', '/ops/projections')).status).toBe(401);
    } finally {
      if (app) await stopApp(app);
      await database.drop();
    }
  });
});
