import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './support/app-process.js';
import { eventually } from './support/builders.js';
import { copyRepository, run } from './support/repository-copy.js';
import { TEST_DB } from './support/test-database.js';

/**
 * README, "Scripts": what every Nest developer types first works here. `nest build` compiles
 * with `nest-cli.json` (tsc through tsconfig.build.json) into the dist/ the app starts from,
 * and `nest start --watch` (`npm run start:dev`) starts the app and restarts it on a change.
 * Both run in a copy of the repository: they write dist/, which the other tests run.
 */

// Nothing here depends on the database: under TEST_DB=postgres it would only repeat itself.
const describeOnSqlite = TEST_DB === 'postgres' ? describe.skip : describe;
// Two full compiles on a shared machine.
const TIMEOUT_MS = 240_000;

describeOnSqlite('the Nest CLI: nest build, nest start --watch', () => {
  let copy: string;
  let remove = () => {};
  let nest: string;
  const started: ChildProcess[] = [];

  beforeAll(() => {
    ({ dir: copy, remove } = copyRepository('nest-cqrs-nest-cli-'));
    nest = path.join(copy, 'node_modules/.bin/nest');
  });

  afterAll(async () => {
    await Promise.all(started.map(stopGroup));
    remove();
  });

  /** Starts `command` in the copy as the leader of its own process group (nest forks the app). */
  function startInCopy(command: string, args: string[], env: Record<string, string>) {
    const child = spawn(command, args, {
      cwd: copy,
      detached: true,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  }

  /** Waits until the app on `port` serves an OpenAPI document with this title. */
  async function untilTitle(port: number, title: string, timeoutMs: number): Promise<void> {
    await eventually(async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { info: { title: string } }).info.title).toBe(title);
    }, timeoutMs);
  }

  /**
   * Runs `steps` against a process started in the copy, then stops it; a failure shows
   * what the process printed.
   */
  async function withProcess(
    running: { child: ChildProcess; output(): string },
    steps: () => Promise<void>,
  ): Promise<void> {
    try {
      await steps();
    } catch (error) {
      throw new Error(`${String(error)}\n${running.output()}`, { cause: error });
    } finally {
      await stopGroup(running.child);
    }
  }

  it(
    'nest build compiles the app, which then starts from dist/',
    async () => {
      const build = await run(copy, nest, ['build']);
      expect(build).toEqual({ code: 0, output: expect.any(String) });
      expect(existsSync(path.join(copy, 'dist/src/main.js'))).toBe(true);

      const port = await freePort();
      const app = startInCopy(process.execPath, ['dist/src/main.js'], {
        PORT: String(port),
        SQLITE_PATH: path.join(copy, 'data/built.sqlite'),
      });
      await withProcess(app, () => untilTitle(port, 'nest-cqrs-starter', 60_000));
    },
    TIMEOUT_MS,
  );

  it(
    'nest start --watch starts the app, and restarts it with a changed source',
    async () => {
      const port = await freePort();
      const watch = startInCopy(nest, ['start', '--watch'], {
        PORT: String(port),
        SQLITE_PATH: path.join(copy, 'data/watch.sqlite'),
      });
      await withProcess(watch, async () => {
        await untilTitle(port, 'nest-cqrs-starter', 120_000);

        const source = path.join(copy, 'src/shared/http/openapi.ts');
        const text = readFileSync(source, 'utf8');
        expect(text).toContain(".setTitle('nest-cqrs-starter')");
        writeFileSync(
          source,
          text.replace(".setTitle('nest-cqrs-starter')", ".setTitle('changed')"),
        );
        await untilTitle(port, 'changed', 120_000);
      });
    },
    TIMEOUT_MS,
  );
});

/**
 * SIGTERM to the whole process group (nest and the app it forked), SIGKILL if it has not
 * ended 10 s later, then waits for the leader.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const running = child.exitCode === null && child.signalCode === null;
  const closed = running ? once(child, 'close') : Promise.resolve();
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
      return true;
    } catch {
      return false; // nothing of the group is left
    }
  };
  if (!signal('SIGTERM')) return;
  const stubborn = setTimeout(() => signal('SIGKILL'), 10_000);
  await closed;
  clearTimeout(stubborn);
}
