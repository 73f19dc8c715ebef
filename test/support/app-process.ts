import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { runSql } from './raw-sql.js';
import { aStaffToken, CHILD_APP_STAFF, TEST_JWT_SECRET } from './tokens.js';

/** The built app (dist/, made by `npm test`'s pretest build) as a child process. */
export interface AppProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code once the process has ended and all its output is read. */
  exited: Promise<number | null>;
  /** The environment it runs with. */
  env: Record<string, string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts `node dist/src/main.js` and, unless told not to, waits until it answers HTTP. */
export async function startApp(
  env: Record<string, string>,
  { waitUntilReady = true } = {},
): Promise<AppProcess> {
  const port = env.PORT ?? String(await freePort());
  const childEnv = {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_LIMIT_PER_MINUTE: '0',
    AUTH_LIMIT_PER_EMAIL: '0',
    JWT_SECRET: TEST_JWT_SECRET, // so the tests' staff token (STAFF_HEADERS) is valid
    ...env,
    PORT: port,
  };
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read (under load, 'exit' can
  // come first and the last lines, e.g. the error a failed start ends with, would be missing).
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const app = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    env: childEnv,
  };
  if (waitUntilReady) await waitForHttp(app);
  return app;
}

/**
 * Waits until the app answers HTTP, then makes sure its database has the staff account
 * STAFF_HEADERS names (a staff token must name an existing one); throws with its output if
 * it ends or takes too long.
 */
// Generous: on a loaded shared machine a cold start can take many seconds; a hung one still fails.
export async function waitForHttp(app: AppProcess, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void app.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    try {
      await fetch(`${app.url}/products?limit=1`);
      await createChildAppStaff(app.env);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the app did not start:\n${app.output()}`);
}

/** Inserted as is: no password (nobody logs in with it), only its id matters. */
function createChildAppStaff(env: Record<string, string>): Promise<void> {
  return runSql(env, [
    `INSERT INTO identity_staff_accounts (id, email, password_hash, created_at)
     VALUES ('${CHILD_APP_STAFF.id}', '${CHILD_APP_STAFF.email}', '-', '2026-01-01T00:00:00.000Z')
     ON CONFLICT DO NOTHING`,
  ]);
}

/**
 * Sends `signal` (SIGKILL unless told otherwise) if the process is still running, and
 * waits until it has ended. Safe to call twice, or on a process that already exited:
 * for `afterAll`, so no test leaves a child behind even when it fails half-way.
 */
export async function stopApp(
  app: AppProcess,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<number | null> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill(signal);
  return app.exited;
}

/** `Authorization` for a staff caller of a child app: `http()` sends it unless told otherwise. */
export const STAFF_HEADERS: Record<string, string> = { authorization: `Bearer ${aStaffToken()}` };

/** One HTTP answer of a child app, its JSON body parsed (the raw text if it is not JSON). */
export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/**
 * Sends one request to a child app, as staff unless told otherwise: `headers` replace the
 * staff token (`{}` for an anonymous request). Rejects (fetch
 * failed) when the connection breaks, e.g. because the process was killed while the request
 * was in flight.
 */
export async function http(
  app: AppProcess,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
  headers: Record<string, string> = STAFF_HEADERS,
): Promise<HttpAnswer> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text, so a failing assertion shows it
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * A customer and a product on a child app, and the body of a one-line order between them:
 * what load tests send over and over.
 */
export async function anOrderBodyOn(
  app: AppProcess,
): Promise<{ customerId: string; lines: { productId: string; quantity: number }[] }> {
  const customer = await http(app, 'POST', '/customers', {
    name: 'Ada',
    email: 'ada@example.org',
    password: 'ada-password',
  });
  const product = await http(app, 'POST', '/products', {
    sku: 'CUP',
    name: 'Cup',
    priceCents: 100,
  });
  if (customer.status !== 201 || product.status !== 201) {
    throw new Error(`could not set up an order: ${customer.status} ${product.status}`);
  }
  return {
    customerId: (customer.body as { id: string }).id,
    lines: [{ productId: (product.body as { id: string }).id, quantity: 1 }],
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time; answers in item order. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
