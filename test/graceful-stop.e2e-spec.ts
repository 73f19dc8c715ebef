import { request as httpRequest } from 'node:http';
import { anOrderBodyOn, startApp, type AppProcess, STAFF_HEADERS } from './support/app-process.js';
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

interface LoadResult {
  /** When the request's connection was established (ms since epoch). */
  connectedAt: number | undefined;
  status: number | undefined;
  error: string | undefined;
}

/** One POST on a connection of its own: a connection opened is a request the server has. */
function postOnNewConnection(url: string, body: unknown): Promise<LoadResult> {
  const text = JSON.stringify(body);
  const result: LoadResult = { connectedAt: undefined, status: undefined, error: undefined };
  return new Promise((resolve) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { ...STAFF_HEADERS, 'content-type': 'application/json' },
      agent: false,
    });
    request.on('socket', (socket) => socket.on('connect', () => (result.connectedAt = Date.now())));
    request.on('response', (response) => {
      result.status = response.statusCode;
      response.resume();
      response.on('end', () => resolve(result));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      result.error = error.code ?? error.message;
      resolve(result);
    });
    request.end(text);
  });
}

/** `clients` loops of back-to-back POSTs, until `until` resolves or the server refuses. */
async function writeLoad(url: string, body: unknown, clients: number, until: Promise<void>) {
  let stop = false;
  void until.then(() => (stop = true));
  const results: LoadResult[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stop) {
        const result = await postOnNewConnection(url, body);
        results.push(result);
        if (result.error === 'ECONNREFUSED') return; // the server no longer listens
      }
    }),
  );
  return results;
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
    const order = await anOrderBodyOn(app);

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

  it('answers every request it accepted before SIGTERM, under a load of 32 writers, then exits 0', async () => {
    app = await startApp(database.env);
    const order = await anOrderBodyOn(app);

    let sigtermSentAt = Infinity;
    const signalled = new Promise<void>((resolve) =>
      setTimeout(() => {
        sigtermSentAt = Date.now();
        app!.child.kill('SIGTERM');
        resolve();
      }, 2000),
    );
    const results = await writeLoad(
      `${app.url}/orders`,
      order,
      32,
      app.exited.then(() => {}),
    );
    await signalled;
    const exitCode = await app.exited;

    const acceptedBeforeSigterm = results.filter(
      (result) => result.connectedAt !== undefined && result.connectedAt < sigtermSentAt,
    );
    expect(acceptedBeforeSigterm.length).toBeGreaterThan(32);
    // Each got an answer: its 201, or a 503 if the server was already closing.
    const unanswered = acceptedBeforeSigterm.filter((result) => result.status === undefined);
    expect(unanswered).toEqual([]);
    expect(acceptedBeforeSigterm.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(app.output()).not.toMatch(/ERROR/);
  });
});
