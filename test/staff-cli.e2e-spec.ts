import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { type AppProcess, http, startApp, stopApp } from './support/app-process.js';
import { eventually } from './support/builders.js';
import { createStaff } from './support/cli.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-database.js';

const ANONYMOUS = {};

/** util-linux `script` gives the CLI a terminal (a pseudo-terminal), as a person would have. */
const SCRIPT = '/usr/bin/script';
const itWithTerminal = existsSync(SCRIPT) ? it : it.skip;

/**
 * Runs `npm run staff:create -- --email <email>` on a terminal and types `typed` at each of
 * its prompts once it shows; answers the exit code and everything the terminal displayed.
 */
async function createStaffOnTerminal(
  env: Record<string, string>,
  email: string,
  typed: [string, string],
): Promise<{ code: number | null; screen: string }> {
  const child = spawn(
    SCRIPT,
    ['-qfec', `${process.execPath} dist/src/cli/create-staff.js --email ${email}`, '/dev/null'],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const closed = once(child, 'close');
  try {
    for (const [prompt, text] of [
      ['Password for the staff account: ', typed[0]],
      ['The same password again: ', typed[1]],
    ]) {
      await eventually(async () => expect(screen).toContain(prompt), 30_000);
      child.stdin.write(`${text}\r`);
    }
    const [code] = (await closed) as [number | null];
    return { code, screen };
  } finally {
    child.kill('SIGKILL'); // a prompt that never came: nothing left running (no-op once ended)
  }
}

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
    const created = await createStaff({ ...database.env, STAFF_PASSWORD: 'boss-password-1' }, [
      '--email',
      'Boss@example.org',
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

  it('takes no password on the command line, and does not print the one it was given', async () => {
    const refused = await createStaff(database.env, [
      '--email',
      'new@example.org',
      '--password',
      'secret-in-argv-1',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/^--password is not accepted/);
    expect(refused.output).toContain('STAFF_PASSWORD');
    expect(refused.output).not.toContain('secret-in-argv-1');
  });

  it('without STAFF_PASSWORD and without a terminal to ask on, says how to give it', async () => {
    const noPassword = await createStaff(database.env, ['--email', 'new@example.org']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.output).toMatch(
      /^no password: set STAFF_PASSWORD, or run it in a terminal to be asked/,
    );
  });

  itWithTerminal(
    'on a terminal, asks for the password twice without echoing it, and creates the account',
    async () => {
      const created = await createStaffOnTerminal(database.env, 'typed@example.org', [
        'typed-password-1',
        'typed-password-1',
      ]);
      expect(created.code).toBe(0);
      expect(created.screen).toMatch(/created staff account typed@example.org \([0-9a-f-]{36}\)/);
      expect(created.screen).not.toContain('typed-password');
      const login = await http(
        app!,
        'POST',
        '/auth/token',
        { email: 'typed@example.org', password: 'typed-password-1' },
        ANONYMOUS,
      );
      expect(login.status).toBe(200);

      const differ = await createStaffOnTerminal(database.env, 'other@example.org', [
        'first-password-1',
        'second-password-1',
      ]);
      expect(differ.code).toBe(1);
      expect(differ.screen).toContain('the two passwords differ; nothing was created');
      expect(differ.screen).not.toMatch(/first-password|second-password/);
    },
    60_000,
  );

  it('refuses a taken email, a bad email and a short password, with one line and exit code 1', async () => {
    const taken = await createStaff({ ...database.env, STAFF_PASSWORD: 'another-password' }, [
      '--email',
      'boss@EXAMPLE.org',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.output).toContain('a staff account with email boss@example.org already exists');

    const badEmail = await createStaff({ ...database.env, STAFF_PASSWORD: 'long-enough' }, [
      '--email',
      'not-an-email',
    ]);
    expect(badEmail.code).toBe(1);
    expect(badEmail.output).toMatch(/^--email must be an email/);

    const short = await createStaff({ ...database.env, STAFF_PASSWORD: 'short' }, [
      '--email',
      'new@example.org',
    ]);
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/^the password must be 8 to 200 characters/);
    expect(short.output).not.toContain('short\n');
  });

  it('counts the password in characters (code points), as registration does', async () => {
    // Four emoji are eight UTF-16 units: String.length counted them as long enough.
    const four = await createStaff({ ...database.env, STAFF_PASSWORD: '😀🔑🍵🚲' }, [
      '--email',
      'four@example.org',
    ]);
    expect(four.code).toBe(1);
    expect(four.output).toMatch(/^the password must be 8 to 200 characters/);

    // 150 emoji are 300 UTF-16 units, but 150 characters: refused before as over 200.
    const password = '🔑'.repeat(150);
    const long = await createStaff({ ...database.env, STAFF_PASSWORD: password }, [
      '--email',
      'emoji@example.org',
    ]);
    expect(long.code).toBe(0);
    const login = await http(
      app!,
      'POST',
      '/auth/token',
      { email: 'emoji@example.org', password },
      ANONYMOUS,
    );
    expect(login.status).toBe(200);
  });

  it('says nothing about JWT_SECRET, which it does not use', async () => {
    const created = await createStaff({ ...database.env, STAFF_PASSWORD: 'quiet-password-1' }, [
      '--email',
      'quiet@example.org',
    ]);
    expect(database.env).not.toHaveProperty('JWT_SECRET');
    expect(created.code).toBe(0);
    expect(created.output).not.toContain('JWT_SECRET');
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
  it.each(['production', 'Production'])(
    'refuses to start without JWT_SECRET (NODE_ENV=%s), with one line that says so',
    async (nodeEnv) => {
      const database = await createTestDatabase();
      try {
        const app = await startApp(
          { ...database.env, NODE_ENV: nodeEnv, JWT_SECRET: '' },
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
    },
  );

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
